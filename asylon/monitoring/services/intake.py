"""Public intake: partners submit through a private link. A submission arrives as an
unverified draft with no author, and the form never shows anything back."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asylon.core import audit
from asylon.monitoring.models import Incident, IntakeLink, Source, Status, Testimony
from asylon.monitoring.services import evidence as evidence_service
from asylon.monitoring.services import incidents as incident_service
from asylon.monitoring.services import testimonies as testimony_service
from asylon.monitoring.services.common import require_own


def intake_limits() -> tuple[int, int]:
    return (getattr(settings, "MONITORING_INTAKE_MAX_FILES", 3),
            getattr(settings, "MONITORING_INTAKE_MAX_MB", 5) * 1024 * 1024)


@transaction.atomic
def intake_link_create(*, actor, partner_name: str) -> IntakeLink:
    require_own(actor, "monitoring.manage_intake")
    name = (partner_name or "").strip()[:200]
    if not name:
        raise ValidationError({"partner_name": _("Name the partner organisation.")})
    link = IntakeLink.objects.create(organisation_id=actor.organisation_id,
                                     partner_name=name, key=secrets.token_urlsafe(24))
    audit.record(actor=actor, action="create", obj=link, fields=["partner_name"])
    return link


@transaction.atomic
def intake_link_deactivate(*, actor, link: IntakeLink) -> IntakeLink:
    require_own(actor, "monitoring.manage_intake", link)
    link.active = False
    link.save(update_fields=["active", "updated_at"])
    audit.record(actor=actor, action="change", obj=link, fields=["active"])
    return link


def intake_submit(*, link: IntakeLink, data: dict, files=(), uuid=None) -> Incident:
    if uuid and Incident.objects.filter(uuid=uuid).exists():
        # The same form sent twice: already received, nothing recorded twice.
        return Incident.objects.get(uuid=uuid)
    if not link.active:
        raise ValidationError(_("This submission link is no longer active."))
    max_files, limit = intake_limits()
    files = [f for f in files if f]
    errors = {}
    if len(files) > max_files:
        errors["files"] = ngettext("Attach at most %(n)s file.", "Attach at most %(n)s files.",
                                   max_files) % {"n": max_files}
    checked = []
    for upload in files if not errors else ():
        try:
            checked.append((upload.name,) + evidence_service.check_upload(upload, limit=limit))
        except ValidationError as error:
            errors["files"] = error.message_dict["file"][0]
            break
    try:
        values, violations = incident_service.clean(data)
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    testimony = None
    if data.get("consent"):
        try:
            testimony = testimony_service.clean({**data, "label": data.get("label") or
                                                 _("Partner witness")})
        except ValidationError as error:
            errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        incident = Incident.objects.create(
            organisation_id=link.organisation_id,
            reference=incident_service._reference(values["date_from"]), author=None,
            source=Source.PARTNER, partner_name=link.partner_name, status=Status.DRAFT,
            **({"uuid": uuid} if uuid else {}), **values)
        incident.violations.bulk_create([incident.violations.model(incident=incident, code=c)
                                         for c in violations])
        if testimony:
            Testimony.objects.create(organisation_id=link.organisation_id, incident=incident,
                                     **testimony)
        for name, content, mime in checked:
            evidence_service.store(incident=incident, content=content, mime=mime, name=name,
                                   description=_("Sent by %(partner)s") % {
                                       "partner": link.partner_name}, user=None)
        audit.record(actor=None, action="partner_submit", obj=incident,
                     organisation_id=link.organisation_id, fields=list(values))
    return incident
