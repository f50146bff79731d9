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
from asylon.resettlement.models import (
    Dimension,
    Offer,
    OfferCapacity,
    OfferContact,
    OfferParty,
    OfferStatus,
    PartyKind,
    Track,
)

from .common import MANAGE, require

LINK_SALT = "asylon.resettlement.offer-link"
LINK_MAX_AGE = datetime.timedelta(days=30)
MIN_GROUP_SIZE = getattr(settings, "RESETTLEMENT_MIN_WELCOME_GROUP", 5)
STEPS = 4
SERVICES = ("housing", "furnishing", "school", "doctor", "work", "paperwork", "language")
EDITABLE = (OfferStatus.DRAFT, OfferStatus.CHANGES_REQUESTED)
MAX_PARTIES = 6  # organisations making one offer together
MAX_CONTACTS = 5  # contact persons per organisation
# The platform organisation a party becomes on approval.
ORGANISATION_KIND = {PartyKind.MUNICIPALITY: OrganisationKind.MUNICIPALITY,
                     PartyKind.WELFARE_CENTRE: OrganisationKind.MUNICIPALITY,
                     PartyKind.NGO: OrganisationKind.NGO,
                     PartyKind.SPONSOR_GROUP: OrganisationKind.SPONSOR_GROUP,
                     PartyKind.OTHER: OrganisationKind.NGO}


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
                contact_email: str, track: str, locality: str = "",
                kind: str = "") -> Offer:
    """Step 1 of an expression of interest, by someone without an account: the lead
    organisation with its first contact person (the one the link is sent to)."""
    errors = {}
    if not partner_name.strip():
        errors["partner_name"] = _("Name the organisation making the offer.")
    if not contact_name.strip():
        errors["contact_name"] = _("Name a contact person.")
    if track not in Track.values:
        errors["track"] = _("Choose one of the two tracks.")
    kind = kind or (PartyKind.SPONSOR_GROUP if track == Track.SPONSORSHIP
                    else PartyKind.MUNICIPALITY)
    if kind not in PartyKind.values:
        errors["kind"] = _("Choose what kind of organisation it is.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        offer = Offer.objects.create(
            organisation=agency, partner_name=partner_name.strip(),
            contact_name=contact_name.strip(), contact_email=contact_email.strip().lower(),
            track=track, locality=locality.strip(), step=1,
            link_nonce=secrets.token_hex(8))
        lead = OfferParty.objects.create(offer=offer, name=offer.partner_name, kind=kind,
                                         lead=True)
        OfferContact.objects.create(party=lead, name=offer.contact_name,
                                    email=offer.contact_email)
        audit.record(actor=None, action="create", obj=offer, organisation_id=agency.pk,
                     fields=["partner_name", "contact_name", "contact_email", "track",
                             "parties"])
        _mail_link(offer, _("Your offer to welcome refugees: continue where you left off"),
                   "resettlement/email/resume.txt")
    return offer


# Several organisations and their contact persons -------------------------------------

def _editable_for_update(offer: Offer) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status not in EDITABLE:
        raise ValidationError(_("This offer is with the agency and cannot be changed now."))
    return offer


def _sync_partner_name(offer: Offer) -> None:
    """The offer is known (lists, runs, e-mails) by its organisations' names, lead first."""
    names = list(offer.parties.order_by("-lead", "pk").values_list("name", flat=True))
    offer.partner_name = ", ".join(names)[:200] if names else offer.partner_name


def _clean_contact(name: str, email: str, phone: str, function: str) -> dict:
    errors = {}
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name:
        errors["contact_name"] = _("Name the contact person.")
    try:
        from django.core.validators import validate_email
        validate_email(email)
    except ValidationError:
        errors["contact_email"] = _("Give the contact person's e-mail address.")
    if errors:
        raise ValidationError(errors)
    return {"name": name[:150], "email": email, "phone": (phone or "").strip()[:40],
            "function": (function or "").strip()[:100]}


def offer_add_party(*, offer: Offer, name: str, kind: str, contact_name: str,
                    contact_email: str, phone: str = "", function: str = "") -> OfferParty:
    """Another organisation joins the offer (a municipality with an NGO, a sponsorship
    group with its partner organisation), with its first contact person."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Name the organisation.")
    if kind not in PartyKind.values:
        errors["kind"] = _("Choose what kind of organisation it is.")
    if errors:
        raise ValidationError(errors)
    contact = _clean_contact(contact_name, contact_email, phone, function)
    with transaction.atomic():
        offer = _editable_for_update(offer)
        parties = list(offer.parties.all())
        if any(p.name.casefold() == name.casefold() for p in parties):
            raise ValidationError({"name": _("%(name)s is named in this offer already.")
                                   % {"name": name}})
        if len(parties) >= MAX_PARTIES:
            raise ValidationError(_("An offer names at most %(n)d organisations.")
                                  % {"n": MAX_PARTIES})
        party = OfferParty.objects.create(offer=offer, name=name[:200], kind=kind)
        OfferContact.objects.create(party=party, **contact)
        _sync_partner_name(offer)
        offer.save(update_fields=["partner_name", "updated_at"])
        audit.record(actor=None, action="change", obj=offer,
                     organisation_id=offer.organisation_id, fields=["parties"])
    return party


def offer_remove_party(*, offer: Offer, party_uuid) -> None:
    with transaction.atomic():
        offer = _editable_for_update(offer)
        party = offer.parties.filter(uuid=party_uuid).first()
        if party is None:
            raise ValidationError(_("This organisation is no longer part of the offer."))
        if party.lead:
            raise ValidationError(_("The lead organisation cannot be removed; change its "
                                    "name instead."))
        party.delete()
        _sync_partner_name(offer)
        offer.save(update_fields=["partner_name", "updated_at"])
        audit.record(actor=None, action="change", obj=offer,
                     organisation_id=offer.organisation_id, fields=["parties"])


def offer_add_contact(*, offer: Offer, party_uuid, name: str, email: str, phone: str = "",
                      function: str = "") -> OfferContact:
    contact = _clean_contact(name, email, phone, function)
    with transaction.atomic():
        offer = _editable_for_update(offer)
        party = offer.parties.filter(uuid=party_uuid).first()
        if party is None:
            raise ValidationError({"party": _("Choose one of the offer's organisations.")})
        existing = list(party.contacts.all())
        if any(c.email == contact["email"] for c in existing):
            raise ValidationError({"contact_email": _(
                "%(email)s is a contact of %(party)s already.") % {
                "email": contact["email"], "party": party.name}})
        if len(existing) >= MAX_CONTACTS:
            raise ValidationError(_("%(party)s has %(n)d contact persons already, the "
                                    "most an organisation can name.")
                                  % {"party": party.name, "n": MAX_CONTACTS})
        made = OfferContact.objects.create(party=party, **contact)
        audit.record(actor=None, action="change", obj=offer,
                     organisation_id=offer.organisation_id, fields=["contacts"])
    return made


def offer_remove_contact(*, offer: Offer, contact_uuid) -> None:
    with transaction.atomic():
        offer = _editable_for_update(offer)
        contact = (OfferContact.objects.select_related("party")
                   .filter(party__offer=offer, uuid=contact_uuid).first())
        if contact is None:
            raise ValidationError(_("This contact person is no longer part of the offer."))
        if contact.party.lead and contact.email == offer.contact_email:
            raise ValidationError(_("The links are e-mailed to this contact person: they "
                                    "cannot be removed."))
        if contact.party.contacts.count() <= 1:
            raise ValidationError(_("Every organisation keeps at least one contact person; "
                                    "remove the organisation instead."))
        contact.delete()
        audit.record(actor=None, action="change", obj=offer,
                     organisation_id=offer.organisation_id, fields=["contacts"])


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
    """Save one step of the expression of interest (from the resume link): all or
    nothing."""
    with transaction.atomic():
        return _save_step(offer, step, data)


def _save_step(offer: Offer, step: int, data: dict) -> Offer:
    if offer.status not in EDITABLE:
        raise ValidationError(_("This offer is with the agency and cannot be changed now."))
    fields = []
    if step == 1:
        lead_name = (data.get("partner_name") or "").strip()
        contact_name = (data.get("contact_name") or "").strip()
        if not lead_name or not contact_name:
            raise ValidationError(_("Name the lead organisation and a contact person."))
        offer.contact_name = contact_name[:150]
        offer.locality = (data.get("locality") or "").strip()[:120]
        fields += ["partner_name", "contact_name", "locality"]
        lead = offer.parties.filter(lead=True).first()
        if lead is None:
            lead = OfferParty.objects.create(offer=offer, name=lead_name, lead=True,
                                             kind=data.get("kind") or PartyKind.OTHER)
        if offer.parties.filter(name__iexact=lead_name).exclude(pk=lead.pk).exists():
            raise ValidationError({"partner_name": _(
                "%(name)s is named in this offer already.") % {"name": lead_name}})
        lead.name = lead_name[:200]
        if data.get("kind") in PartyKind.values:
            lead.kind = data["kind"]
        lead.save(update_fields=["name", "kind"])
        lead.contacts.filter(email=offer.contact_email).update(name=offer.contact_name)
        _sync_partner_name(offer)
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


_UNSET = object()


def offer_set_capacity(*, actor, offer: Offer, capacity: dict,
                       unemployment_rate=_UNSET) -> Offer:
    """Replace the offer's capacity rows (one per dimension) and, when given, the local
    unemployment rate the engine's prediction reads; all or nothing."""
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
        fields = ["capacity"]
        if unemployment_rate is not _UNSET and unemployment_rate != offer.unemployment_rate:
            offer.unemployment_rate = unemployment_rate
            fields.append("unemployment_rate")
        offer.version += 1
        offer.save(update_fields=["version", "updated_at"] + fields[1:])
        audit.record(actor=actor, action="change", obj=offer, fields=fields)
    return offer


def _party_organisations(actor, offer: Offer) -> list[tuple[OfferParty, str]]:
    """Each party's organisation: the one it has, or a new one with an invitation for its
    first contact person (no account is needed before approval). Returns the parties
    invited, with their invitation links."""
    invited = []
    parties = list(offer.parties.prefetch_related("contacts"))
    if not parties:  # an offer made before offers had several organisations
        parties = [OfferParty.objects.create(
            offer=offer, name=offer.partner_name, lead=True, organisation=offer.partner,
            kind=PartyKind.SPONSOR_GROUP if offer.track == Track.SPONSORSHIP
            else PartyKind.MUNICIPALITY)]
    for party in parties:
        if party.lead and offer.partner_id:
            party.organisation = offer.partner
        if party.organisation_id is None:
            org = core_services.organisation_create(
                name=party.name, kind=ORGANISATION_KIND[party.kind],
                country=offer.organisation.country, actor=actor, city=offer.locality)
            contacts = list(party.contacts.all())
            if party.lead:
                email = offer.contact_email
            else:
                email = contacts[0].email if contacts else ""
            if email:
                invitation = core_services.invitation_create(
                    actor=actor, organisation=org, email=email, role=Role.ORG_ADMIN)
                invited.append((party, email, invitation.link))
            party.organisation = org
        party.save(update_fields=["organisation"])
    return invited


def offer_approve(*, actor, offer: Offer) -> Offer:
    with transaction.atomic():
        offer = _review(actor, offer)
        if not offer.capacities.exists():
            offer_set_capacity(actor=actor, offer=offer, capacity=default_capacity(offer))
            offer.refresh_from_db()
        invited = _party_organisations(actor, offer)
        offer.partner = offer.parties.get(lead=True).organisation
        offer.status = OfferStatus.APPROVED
        offer.decided_at = timezone.now()
        offer.version += 1
        offer.save(update_fields=["partner", "status", "decided_at", "version", "updated_at"])
        audit.record(actor=actor, action="approve", obj=offer, fields=["status", "partner",
                                                                        "parties"])
        links = {email: link for _party, email, link in invited}
        mails = [(_("Your offer was approved"), render_to_string(
            "resettlement/email/approved.txt", {
                "offer": offer, "name": offer.contact_name,
                "invitation_link": links.pop(offer.contact_email, "")}),
            None, [offer.contact_email])]
        for party, email, link in invited:
            if email in links:
                contact = party.contacts.all()[0]
                mails.append((_("Your offer was approved"), render_to_string(
                    "resettlement/email/approved.txt", {
                        "offer": offer, "name": contact.name, "party": party,
                        "invitation_link": link}), None, [email]))
        transaction.on_commit(lambda: [send_mail(*m) for m in mails])
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
