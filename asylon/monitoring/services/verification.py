from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.monitoring.models import Confidence, Incident, Status
from asylon.monitoring.services.common import require_own


def _second_person(actor, incident):
    if incident.author_id and incident.author_id == actor.user_id:
        raise ValidationError(_("A second person must do this: you recorded this incident."))


def _confidence(value):
    if value not in Confidence.values:
        raise ValidationError({"confidence": _("Choose a confidence grade.")})


@transaction.atomic
def incident_review(*, actor, incident: Incident, confidence: str) -> Incident:
    require_own(actor, "monitoring.verify", incident)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    _second_person(actor, incident)
    _confidence(confidence)
    if incident.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be reviewed."))
    incident.status, incident.confidence, incident.reviewed_by = (
        Status.REVIEWED, confidence, actor.user)
    incident.save(update_fields=["status", "confidence", "reviewed_by", "updated_at"])
    audit.record(actor=actor, action="review", obj=incident, fields=["status", "confidence"])
    return incident


@transaction.atomic
def incident_decide(*, actor, incident: Incident, verified: bool, confidence: str) -> Incident:
    require_own(actor, "monitoring.verify", incident)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    _second_person(actor, incident)
    _confidence(confidence)
    if incident.status != Status.REVIEWED:
        raise ValidationError(_("Only a reviewed record can be verified or rejected."))
    incident.status = Status.VERIFIED if verified else Status.REJECTED
    incident.confidence, incident.verified_by = confidence, actor.user
    incident.decided_at = timezone.now()
    incident.save(update_fields=["status", "confidence", "verified_by", "decided_at",
                                 "updated_at"])
    audit.record(actor=actor, action="verify" if verified else "reject", obj=incident,
                 fields=["status", "confidence"])
    return incident
