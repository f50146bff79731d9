"""Partner offers: an expression of interest filled in steps without an account, resumed
from a signed e-mailed link, reviewed by the agency, and, once approved, capacity with
one row per dimension."""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.core import services as core_services
from asylon.core.models import Organisation, OrganisationKind
from asylon.core.roles import Role
from asylon.resettlement.models import Dimension, Offer, OfferCapacity, OfferStatus, Track

from .common import MANAGE, require

LINK_SALT = "asylon.resettlement.offer-link"
LINK_MAX_AGE = datetime.timedelta(days=30)
MIN_GROUP_SIZE = getattr(settings, "RESETTLEMENT_MIN_WELCOME_GROUP", 5)
STEPS = 4
SERVICES = ("housing", "furnishing", "school", "doctor", "work", "paperwork", "language")
EDITABLE = (OfferStatus.DRAFT, OfferStatus.CHANGES_REQUESTED)


class LinkError(Exception):
    """A resume link that is forged, expired or no longer valid; str() says which."""


def offer_resume_link(offer: Offer) -> str:
    token = signing.TimestampSigner(salt=LINK_SALT).sign(f"{offer.uuid}:{offer.link_nonce}")
    return settings.SITE_URL + reverse("resettlement:interest_resume", args=[token])


def offer_from_link(token: str) -> Offer:
    signer = signing.TimestampSigner(salt=LINK_SALT)
    try:
        value = signer.unsign(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkError(_("This link has expired. Ask the agency for a new one, or start "
                          "again.")) from None
    except signing.BadSignature:
        raise LinkError(_("This link is not valid. Use the link exactly as it was e-mailed "
                          "to you.")) from None
    offer_uuid, _sep, nonce = value.partition(":")
    offer = Offer.objects.filter(uuid=offer_uuid, link_nonce=nonce).first()
    if offer is None:
        raise LinkError(_("This link was replaced by a newer one. Use the latest e-mail."))
    return offer


def _mail_link(offer: Offer, subject: str, template: str) -> None:
    context = {"offer": offer, "link": offer_resume_link(offer),
               "days": LINK_MAX_AGE.days}
    body = render_to_string(template, context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [offer.contact_email]))


def offer_start(*, agency: Organisation, partner_name: str, contact_name: str,
                contact_email: str, track: str, locality: str = "") -> Offer:
    """Step 1 of an expression of interest, by someone without an account."""
    errors = {}
    if not partner_name.strip():
        errors["partner_name"] = _("Name the organisation(s) making the offer.")
    if not contact_name.strip():
        errors["contact_name"] = _("Name a contact person.")
    if track not in Track.values:
        errors["track"] = _("Choose one of the two tracks.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        offer = Offer.objects.create(
            organisation=agency, partner_name=partner_name.strip(),
            contact_name=contact_name.strip(), contact_email=contact_email.strip().lower(),
            track=track, locality=locality.strip(), step=2,
            link_nonce=secrets.token_hex(8))
        audit.record(actor=None, action="create", obj=offer, organisation_id=agency.pk,
                     fields=["partner_name", "contact_name", "contact_email", "track"])
        _mail_link(offer, _("Your offer to welcome refugees: continue where you left off"),
                   "resettlement/email/resume.txt")
    return offer


def _home(home: dict, index: int) -> dict:
    label = _("Home %(n)d") % {"n": index + 1}
    bedrooms = home.get("bedrooms")
    if bedrooms is None or bedrooms < 1:
        raise ValidationError({"bedrooms": _("%(home)s: give at least one bedroom.")
                               % {"home": label}})
    months = home.get("months")
    if months is not None and months < 12:
        raise ValidationError({"months": _("%(home)s: a home is offered for the whole year of "
                                           "guidance, at least 12 months.") % {"home": label}})
    return {"bedrooms": int(bedrooms), "step_free": bool(home.get("step_free")),
            "near_medical": bool(home.get("near_medical")),
            "school_places": int(home.get("school_places") or 0),
            "available_from": str(home.get("available_from") or ""),
            "months": int(months or 12)}


def offer_save_step(*, offer: Offer, step: int, data: dict) -> Offer:
    """Save one step of the expression of interest (from the resume link)."""
    if offer.status not in EDITABLE:
        raise ValidationError(_("This offer is with the agency and cannot be changed now."))
    fields = []
    if step == 1:
        for name in ("partner_name", "contact_name", "locality"):
            if name in data:
                setattr(offer, name, (data[name] or "").strip())
                fields.append(name)
        if not offer.partner_name or not offer.contact_name:
            raise ValidationError(_("Name the organisation(s) and a contact person."))
    elif step == 2:
        size = data.get("group_size")
        if offer.track == Track.SPONSORSHIP and (size or 0) < MIN_GROUP_SIZE:
            raise ValidationError({"group_size": _(
                "A welcome group has at least %(n)d members.") % {"n": MIN_GROUP_SIZE}})
        offer.group_size = size
        offer.group_languages = (data.get("group_languages") or "").strip()
        fields += ["group_size", "group_languages"]
    elif step == 3:
        homes = list(offer.homes)
        if data.get("remove") is not None:
            index = int(data["remove"])
            if 0 <= index < len(homes):
                homes.pop(index)
        else:
            homes.append(_home(data, len(homes)))
        offer.homes = homes
        fields.append("homes")
    elif step == 4:
        services = [s for s in data.get("services", []) if s in SERVICES]
        if not services:
            raise ValidationError({"services": _("Choose at least one service you commit to.")})
        largest = data.get("largest_household")
        if largest is not None and largest < 1:
            raise ValidationError({"largest_household": _("Give at least 1 person.")})
        offer.services = services
        offer.largest_household = largest
        offer.preferences = (data.get("preferences") or "").strip()
        fields += ["services", "largest_household", "preferences"]
    offer.step = max(offer.step, min(step + 1, STEPS + 1))
    with transaction.atomic():
        offer.save(update_fields=[*fields, "step", "updated_at"])
        audit.record(actor=None, action="change", obj=offer,
                     organisation_id=offer.organisation_id, fields=fields)
    return offer


def offer_missing(offer: Offer) -> list[str]:
    """What still stops the offer from being submitted."""
    missing = []
    if offer.track == Track.SPONSORSHIP and (offer.group_size or 0) < MIN_GROUP_SIZE:
        missing.append(_("the welcome group (at least %(n)d members)") % {"n": MIN_GROUP_SIZE})
    if not offer.homes:
        missing.append(_("at least one home"))
    if not offer.services:
        missing.append(_("the services you commit to"))
    return missing


def offer_submit(*, offer: Offer) -> Offer:
    if offer.status not in EDITABLE:
        raise ValidationError(_("This offer was submitted already."))
    missing = offer_missing(offer)
    if missing:
        raise ValidationError(_("Before submitting, complete: %(missing)s.")
                              % {"missing": ", ".join(missing)})
    with transaction.atomic():
        offer.status = OfferStatus.SUBMITTED
        offer.submitted_at = timezone.now()
        offer.save(update_fields=["status", "submitted_at", "updated_at"])
        audit.record(actor=None, action="submit", obj=offer,
                     organisation_id=offer.organisation_id, fields=["status"])
    return offer


def _review(actor, offer: Offer, allowed=(OfferStatus.SUBMITTED,)) -> Offer:
    require(actor, MANAGE, offer)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status not in allowed:
        raise ValidationError(_("This offer is “%(status)s”: it cannot be reviewed now.")
                              % {"status": offer.get_status_display()})
    return offer


def offer_request_changes(*, actor, offer: Offer, note: str) -> Offer:
    if not note.strip():
        raise ValidationError({"note": _("Say what the partner should change.")})
    with transaction.atomic():
        offer = _review(actor, offer)
        offer.status = OfferStatus.CHANGES_REQUESTED
        offer.review_note = note.strip()
        offer.link_nonce = secrets.token_hex(8)  # older links stop working
        offer.save(update_fields=["status", "review_note", "link_nonce", "updated_at"])
        audit.record(actor=actor, action="request_changes", obj=offer, fields=["status",
                                                                                "review_note"])
        _mail_link(offer, _("The agency asks for changes to your offer"),
                   "resettlement/email/changes.txt")
    return offer


def default_capacity(offer: Offer) -> dict[str, int]:
    homes = offer.homes or []
    return {
        Dimension.PERSONS: sum(min(h["bedrooms"] * 2, 12) for h in homes),
        Dimension.HOUSEHOLDS: len(homes),
        Dimension.WHEELCHAIR: sum(1 for h in homes if h.get("step_free")),
        Dimension.MEDICAL: sum(1 for h in homes if h.get("near_medical")),
        Dimension.SCHOOL_PLACES: sum(h.get("school_places", 0) for h in homes),
        Dimension.LARGE_DWELLING: sum(1 for h in homes if h["bedrooms"] >= 3),
    }


def _clean_capacity(capacity: dict) -> dict[str, int]:
    clean = {}
    for dimension, amount in capacity.items():
        if dimension not in Dimension.values:
            raise ValidationError(_("Unknown capacity dimension: %(d)s.") % {"d": dimension})
        if amount is None:
            continue
        if amount < 0:
            raise ValidationError({dimension: _("%(d)s: capacity cannot be negative.")
                                   % {"d": Dimension(dimension).label}})
        clean[dimension] = int(amount)
    persons = clean.get(Dimension.PERSONS)
    households = clean.get(Dimension.HOUSEHOLDS)
    if persons is None or households is None:
        raise ValidationError(_("Give the capacity in persons and in households."))
    if households > persons:
        raise ValidationError({Dimension.HOUSEHOLDS: _(
            "More households (%(h)d) than persons (%(p)d): every household has at least "
            "one person.") % {"h": households, "p": persons}})
    for dimension in (Dimension.WHEELCHAIR, Dimension.LARGE_DWELLING):
        if clean.get(dimension, 0) > households:
            raise ValidationError({dimension: _(
                "%(d)s (%(n)d) cannot exceed the households (%(h)d).") % {
                "d": Dimension(dimension).label, "n": clean[dimension], "h": households}})
    return clean


def offer_set_capacity(*, actor, offer: Offer, capacity: dict) -> Offer:
    """Replace the offer's capacity rows (one per dimension); all or nothing."""
    require(actor, MANAGE, offer)
    clean = _clean_capacity(capacity)
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.placements.count() > clean[Dimension.HOUSEHOLDS]:
            raise ValidationError(_("%(n)d households are placed with this offer already; "
                                    "the capacity cannot be lower.")
                                  % {"n": offer.placements.count()})
        offer.capacities.all().delete()
        OfferCapacity.objects.bulk_create(OfferCapacity(offer=offer, dimension=d, amount=a)
                                          for d, a in clean.items())
        offer.version += 1
        offer.save(update_fields=["version", "updated_at"])
        audit.record(actor=actor, action="change", obj=offer, fields=["capacity"])
    return offer


def _partner_organisation(actor, offer: Offer) -> Organisation:
    """The partner's organisation: the one it has, or a new one with an invitation for
    its contact person (no account is needed before approval)."""
    if offer.partner_id:
        return offer.partner
    kind = OrganisationKind.SPONSOR_GROUP if offer.track == Track.SPONSORSHIP \
        else OrganisationKind.MUNICIPALITY
    org = core_services.organisation_create(name=offer.partner_name, kind=kind,
                                            country=offer.organisation.country, actor=actor,
                                            city=offer.locality)
    invitation = core_services.invitation_create(actor=actor, organisation=org,
                                                 email=offer.contact_email, role=Role.ORG_ADMIN)
    offer.invitation_link = invitation.link
    return org


def offer_approve(*, actor, offer: Offer) -> Offer:
    with transaction.atomic():
        offer = _review(actor, offer)
        if not offer.capacities.exists():
            offer_set_capacity(actor=actor, offer=offer, capacity=default_capacity(offer))
            offer.refresh_from_db()
        offer.partner = _partner_organisation(actor, offer)
        offer.status = OfferStatus.APPROVED
        offer.decided_at = timezone.now()
        offer.version += 1
        offer.save(update_fields=["partner", "status", "decided_at", "version", "updated_at"])
        audit.record(actor=actor, action="approve", obj=offer, fields=["status", "partner"])
        link = getattr(offer, "invitation_link", "")
        body = render_to_string("resettlement/email/approved.txt",
                                {"offer": offer, "invitation_link": link})
        email = offer.contact_email
        transaction.on_commit(lambda: send_mail(_("Your offer was approved"), body, None,
                                                [email]))
    return offer


def offer_decline(*, actor, offer: Offer, reason: str) -> Offer:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    with transaction.atomic():
        offer = _review(actor, offer, allowed=(OfferStatus.SUBMITTED,
                                               OfferStatus.CHANGES_REQUESTED))
        offer.status = OfferStatus.DECLINED
        offer.decline_reason = reason.strip()
        offer.decided_at = timezone.now()
        offer.version += 1
        offer.save(update_fields=["status", "decline_reason", "decided_at", "version",
                                  "updated_at"])
        audit.record(actor=actor, action="decline", obj=offer, fields=["status",
                                                                        "decline_reason"])
        body = render_to_string("resettlement/email/declined.txt", {"offer": offer})
        email = offer.contact_email
        transaction.on_commit(lambda: send_mail(_("About your offer"), body, None, [email]))
    return offer
