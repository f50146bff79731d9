"""The partner directory and registration on the public portal."""

import uuid
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from asylon.core import audit, policy, uploads
from asylon.core import services as core_services
from asylon.core.models import Membership, Organisation, OrganisationKind, User
from asylon.core.roles import Role
from asylon.grants.models import (
    DueDiligenceDocument,
    PartnerContact,
    PartnerProfile,
)
from asylon.grants.services.access import require_object
from asylon.grants.services.files import MAX_ATTACHMENT_BYTES


def partner_register(*, organisation_name: str, country: str, city: str, kind: str,
                     full_name: str, email: str, password: str, time_zone: str,
                     website: str = "") -> User:
    """A partner's staff member opens an account: their organisation and its first admin."""
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError(_("An account with this e-mail address exists. Sign in instead."))
    if time_zone not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a valid time zone."))
    with transaction.atomic():
        org = core_services.organisation_create(name=organisation_name, kind=kind,
                                                country=country, city=city, website=website)
        user = User.objects.create_user(email, password, full_name=full_name,
                                        language=translation.get_language() or "en")
        audit.record(actor=user, action="create", obj=user, organisation_id=org.pk,
                     fields=["email", "full_name", "password"])
        # A grant applicant, not an organisation admin: the organisation came to apply,
        # and an admin's role would open casework, people and the audit trail to it.
        membership = core_services.membership_add(user=user, organisation=org,
                                                  role=Role.APPLICANT, actor=user)
        user.active_membership = membership
        user.save(update_fields=["active_membership"])
        for fund_org in Organisation.objects.filter(funds__isnull=False).distinct():
            PartnerProfile.objects.get_or_create(fund_owner=fund_org, organisation=org,
                                                 defaults={"time_zone": time_zone})
    return user


def partner_profile_save(*, actor: Membership, organisation: Organisation, data: dict,
                         networks=None) -> PartnerProfile:
    policy.require(actor, "grants.manage")
    with transaction.atomic():
        profile, created = PartnerProfile.objects.get_or_create(
            fund_owner_id=actor.organisation_id, organisation=organisation)
        fields = audit.changed_fields(profile, data)
        for name, value in data.items():
            setattr(profile, name, value)
        profile.save()
        if networks is not None:
            profile.networks.set(networks)
            fields.append("networks")
        audit.record(actor=actor, action="create" if created else "change", obj=profile,
                     fields=fields)
    return profile


def partner_create(*, actor: Membership, name: str, country: str, city: str = "",
                   kind: str = OrganisationKind.NGO) -> PartnerProfile:
    policy.require(actor, "grants.manage")
    with transaction.atomic():
        org = core_services.organisation_create(name=name, kind=kind, country=country,
                                                city=city, actor=actor)
        return partner_profile_save(actor=actor, organisation=org, data={})


def contact_add(*, actor: Membership, profile: PartnerProfile, data: dict) -> PartnerContact:
    require_object(actor, "grants.manage", profile)
    with transaction.atomic():
        contact = PartnerContact.objects.create(profile=profile, **data)
        audit.record(actor=actor, action="create", obj=contact, fields=list(data))
    return contact


def document_add(*, actor: Membership, profile: PartnerProfile, kind: str, title: str,
                 valid_until=None, uploaded=None) -> DueDiligenceDocument:
    require_object(actor, "grants.manage", profile)
    with transaction.atomic():
        document = DueDiligenceDocument(profile=profile, kind=kind, title=title,
                                        valid_until=valid_until)
        if uploaded is not None:
            checked = uploads.check(uploaded, accept=uploads.GRANT_ATTACHMENTS,
                                    limit_bytes=MAX_ATTACHMENT_BYTES)
            document.file.save(f"{uuid.uuid4().hex}.{checked.extension}",
                               ContentFile(checked.content), save=False)
        document.save()
        audit.record(actor=actor, action="create", obj=document, fields=["kind", "valid_until"])
    return document
