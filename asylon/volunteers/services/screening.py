"""The certificate of conduct (VOG) and references."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.volunteers.models import Certificate, Reference, ScreeningProfile, Volunteer

from .common import MANAGE, require

# The Dutch VOG has no legal expiry; organisations ask for a new one every few years.
RENEW_AFTER_YEARS = 3


def _not_future(day: date | None, message: str) -> None:
    if day is None:
        raise ValidationError(message)
    if day > timezone.localdate():
        raise ValidationError(_("A date in the future cannot be recorded yet."))


def certificate_request(*, actor, volunteer: Volunteer, profile: str,
                        requested_on: date) -> Certificate:
    require(actor, MANAGE, volunteer)
    if profile not in ScreeningProfile.values:
        raise ValidationError(_("Choose a screening profile."))
    _not_future(requested_on, _("Enter the date of the request."))
    with transaction.atomic():
        open_request = volunteer.certificates.filter(status=Certificate.Status.REQUESTED).first()
        if open_request is not None:
            return open_request  # requested already: a repeated POST creates nothing twice
        certificate = Certificate.objects.create(
            organisation_id=volunteer.organisation_id, volunteer=volunteer, profile=profile,
            requested_on=requested_on)
        audit.record(actor=actor, action="create", obj=certificate)
    return certificate


def certificate_issue(*, actor, certificate: Certificate, issued_on: date) -> Certificate:
    require(actor, MANAGE, certificate)
    _not_future(issued_on, _("Enter the date on the certificate."))
    if certificate.status != Certificate.Status.REQUESTED:
        raise ValidationError(_("This request has been completed already."))
    if issued_on < certificate.requested_on:
        raise ValidationError(_("A certificate cannot be issued before it was requested."))
    with transaction.atomic():
        certificate.status = Certificate.Status.ISSUED
        certificate.issued_on = issued_on
        certificate.valid_until = issued_on + relativedelta(years=RENEW_AFTER_YEARS)
        certificate.save()
        audit.record(actor=actor, action="change", obj=certificate,
                     fields=["status", "issued_on", "valid_until"])
    return certificate


def certificate_refuse(*, actor, certificate: Certificate, refused_on: date) -> Certificate:
    require(actor, MANAGE, certificate)
    _not_future(refused_on, _("Enter the date of the refusal."))
    if certificate.status != Certificate.Status.REQUESTED:
        raise ValidationError(_("This request has been completed already."))
    with transaction.atomic():
        certificate.status = Certificate.Status.REFUSED
        certificate.refused_on = refused_on
        certificate.save()
        audit.record(actor=actor, action="change", obj=certificate,
                     fields=["status", "refused_on"])
    return certificate


def reference_add(*, actor, volunteer: Volunteer, name: str, relation: str) -> Reference:
    require(actor, MANAGE, volunteer)
    if not name.strip() or not relation.strip():
        raise ValidationError(_("Enter the name of the reference and how they know the "
                                "volunteer."))
    with transaction.atomic():
        reference = Reference.objects.create(organisation_id=volunteer.organisation_id,
                                             volunteer=volunteer, name=name.strip(),
                                             relation=relation.strip())
        audit.record(actor=actor, action="create", obj=reference)
    return reference


def reference_record(*, actor, reference: Reference, outcome: str, checked_on: date) -> Reference:
    require(actor, MANAGE, reference)
    if outcome not in (Reference.Outcome.POSITIVE, Reference.Outcome.CONCERNS):
        raise ValidationError(_("Choose the outcome of the reference."))
    _not_future(checked_on, _("Enter the date you spoke to the reference."))
    with transaction.atomic():
        reference.outcome, reference.checked_on = outcome, checked_on
        reference.save()
        audit.record(actor=actor, action="change", obj=reference, fields=["outcome",
                                                                          "checked_on"])
    return reference
