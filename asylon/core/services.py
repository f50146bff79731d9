"""Every write of the core domain: one function each, transaction and audit inside."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from asylon.core import audit, policy
from asylon.core.models import (
    ConsentPurpose,
    ConsentRecord,
    Invitation,
    Membership,
    Organisation,
    User,
)
from asylon.core.roles import Role

RECOVERY_CODE_COUNT = 10


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Organisations and memberships -------------------------------------------------------

def organisation_create(*, name: str, kind: str, country: str, actor=None, **extra) -> Organisation:
    with transaction.atomic():
        org = Organisation.objects.create(name=name, kind=kind, country=country, **extra)
        audit.record(actor=actor, action="create", obj=org, organisation_id=org.pk,
                     fields=["name", "kind", "country", *extra])
    return org


def membership_add(*, user: User, organisation: Organisation, role: str, actor=None) -> Membership:
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role})
        if not created:
            membership.role = role
            membership.is_active = True
            membership.save(update_fields=["role", "is_active"])
        audit.record(actor=actor, action="create" if created else "change", obj=membership,
                     organisation_id=organisation.pk, fields=["role", "is_active"])
    return membership


def _other_active_admins(membership: Membership) -> bool:
    return Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.ORG_ADMIN, is_active=True,
    ).exclude(pk=membership.pk).exists()


def membership_change_role(*, actor: Membership, membership: Membership, role: str) -> Membership:
    policy.require(actor, "core.manage_members")
    if membership.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."))
    if membership.role == Role.ORG_ADMIN and role != Role.ORG_ADMIN and \
            not _other_active_admins(membership):
        raise ValidationError(_("An organisation needs at least one active admin."))
    with transaction.atomic():
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(actor=actor, action="change", obj=membership, fields=["role"])
    return membership


def membership_set_active(*, actor: Membership, membership: Membership, active: bool) -> Membership:
    policy.require(actor, "core.manage_members")
    if membership.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if not active and membership.role == Role.ORG_ADMIN and not _other_active_admins(membership):
        raise ValidationError(_("An organisation needs at least one active admin."))
    with transaction.atomic():
        membership.is_active = active
        membership.save(update_fields=["is_active"])
        audit.record(actor=actor, action="change", obj=membership, fields=["is_active"])
    return membership


def membership_switch(*, user: User, membership_id: int) -> Membership:
    membership = user.memberships.filter(
        pk=membership_id, is_active=True, organisation__is_active=True).first()
    if membership is None:
        raise PermissionDenied
    with transaction.atomic():
        user.active_membership = membership
        user.save(update_fields=["active_membership"])
        audit.record(actor=membership, action="switch_organisation", obj=membership)
    return membership


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose a valid language."))
    user.language = language
    user.save(update_fields=["language"])


# Invitations -------------------------------------------------------------------------

def invitation_send(*, actor: Membership, email: str, role: str) -> Invitation:
    policy.require(actor, "core.manage_members")
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."))
    if Membership.objects.filter(organisation_id=actor.organisation_id, user__email=email,
                                 is_active=True).exists():
        raise ValidationError(_("This person is already a member of your organisation."))
    with transaction.atomic():
        invitation = invitation_create(actor=actor, organisation=actor.organisation,
                                       email=email, role=role)
        link = invitation.link
        context = {"invitation": invitation, "link": link, "organisation": actor.organisation,
                   "inviter": actor.user, "days": settings.INVITATION_MAX_AGE_DAYS}
        transaction.on_commit(lambda: send_mail(
            _("You are invited to %(org)s on Asylon") % {"org": actor.organisation.name},
            render_to_string("core/email/invitation.txt", context),
            None, [email]))
    return invitation


def invitation_create(*, actor: Membership, organisation: Organisation, email: str,
                      role: str) -> Invitation:
    """An open invitation to `organisation`, audited, without the e-mail: for a service
    that writes its own message (`invitation_send` for members; resettlement when it
    approves a partner that has no organisation yet). The caller has checked the actor
    may invite there. The person's earlier open invitations to it are revoked.
    `invitation.token` and `invitation.link` are set once, on the returned object, and
    never stored (only the token's hash is)."""
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Invitation.objects.filter(organisation=organisation, email=email, accepted_at=None,
                                  revoked_at=None).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, role=role, invited_by=actor.user,
            token_hash=_token_hash(token),
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS))
        audit.record(actor=actor, action="invite", obj=invitation, fields=["email", "role"])
    invitation.token = token  # shown once, never stored
    invitation.link = settings.SITE_URL + reverse("core:invitation_accept", args=[token])
    return invitation


def invitation_by_token(token: str) -> Invitation | None:
    invitation = (Invitation.objects.select_related("organisation")
                  .filter(token_hash=_token_hash(token)).first())
    if invitation is None or not invitation.is_open:
        return None
    return invitation


def invitation_revoke(*, actor: Membership, invitation: Invitation) -> None:
    policy.require(actor, "core.manage_members")
    if invitation.organisation_id != actor.organisation_id:
        raise PermissionDenied
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="revoke", obj=invitation)


def invitation_accept(*, invitation: Invitation, user: User | None = None,
                      full_name: str = "", password: str = "") -> User:
    """Accept for a signed-in user, or create the account the invitation was for."""
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or was withdrawn."))
    with transaction.atomic():
        if user is None:
            if User.objects.filter(email=invitation.email).exists():
                raise ValidationError(_("An account with this e-mail address exists; "
                                        "sign in to accept the invitation."))
            user = User.objects.create_user(invitation.email, password, full_name=full_name,
                                            language=translation.get_language() or "en")
            audit.record(actor=user, action="create", obj=user,
                         organisation_id=invitation.organisation_id,
                         fields=["email", "full_name", "password"])
        elif user.email.lower() != invitation.email.lower():
            raise ValidationError(_("This invitation was sent to another e-mail address."))
        membership = membership_add(user=user, organisation=invitation.organisation,
                                    role=invitation.role, actor=user)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        user.active_membership = membership
        user.save(update_fields=["active_membership"])
    return user


# Two-factor authentication -------------------------------------------------------------

def otp_setup_start(*, user: User) -> TOTPDevice:
    """A fresh unconfirmed authenticator; the old unconfirmed one is thrown away."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def otp_setup_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    if not device.verify_token(token):
        raise ValidationError(_("That code is not right. Check the time on your phone and "
                                "enter the current six-digit code."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_regenerate(user=user)
        audit.record(actor=user, action="otp_enrol", obj=user)
    return codes


def recovery_codes_regenerate(*, user: User) -> list[str]:
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": "recovery"})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        audit.record(actor=user, action="recovery_codes", obj=user)
    return codes


# Consent --------------------------------------------------------------------------------

def _consent(*, actor: Membership, subject, purpose: str, given: bool, recipient=None,
             note: str = "") -> ConsentRecord:
    policy.require(actor, "core.record_consent")
    if purpose not in ConsentPurpose.values:
        raise ValidationError(_("Choose a valid purpose."))
    if getattr(subject, "organisation_id", actor.organisation_id) != actor.organisation_id:
        raise PermissionDenied
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            organisation_id=actor.organisation_id, subject_type=audit.object_type_of(subject),
            subject_id=str(subject.pk), purpose=purpose, recipient=recipient, given=given,
            recorded_by=actor.user, note=note)
        audit.record(actor=actor, action="consent_give" if given else "consent_withdraw",
                     obj=subject, fields=[purpose])
    return record


def consent_give(*, actor: Membership, subject, purpose: str, recipient=None,
                 note: str = "") -> ConsentRecord:
    return _consent(actor=actor, subject=subject, purpose=purpose, given=True,
                    recipient=recipient, note=note)


def consent_withdraw(*, actor: Membership, subject, purpose: str, recipient=None,
                     note: str = "") -> ConsentRecord:
    return _consent(actor=actor, subject=subject, purpose=purpose, given=False,
                    recipient=recipient, note=note)


def consent_is_given(*, subject, purpose: str, recipient=None,
                     exact_recipient: bool = False) -> bool:
    """True when the latest record for this purpose (and recipient, if named) is a yes.

    A consent given without a recipient covers every recipient; one naming a recipient
    covers only that one. With `exact_recipient`, only records naming that recipient
    count (a referral must be consented to for the organisation it goes to).
    """
    records = ConsentRecord.objects.filter(
        subject_type=audit.object_type_of(subject), subject_id=str(subject.pk), purpose=purpose)
    if recipient is not None and exact_recipient:
        records = records.filter(recipient=recipient)
    elif recipient is not None:
        records = records.filter(Q(recipient=recipient) | Q(recipient=None))
    latest = records.order_by("-recorded_at", "-id").first()
    return bool(latest and latest.given)
