"""People's own contributions to the registries it hosts: timeline items and export."""

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from asylon.core.models import ConsentPurpose, ConsentRecord
from asylon.people import selectors
from asylon.people.models import HouseholdMember, IdentityDocument, Person, Vulnerability
from asylon.people.subject_rights import ExportSection
from asylon.people.timeline import TimelineItem


def timeline_items(person: Person, membership) -> list[TimelineItem]:
    if membership is None or not membership.has("people.view_person"):
        return []
    items = [TimelineItem(date=person.created_at, kind="registration",
                          title=_("Registered"),
                          detail=person.created_by.full_name if person.created_by else "")]
    for document in selectors.documents_of(membership=membership, person=person):
        items.append(TimelineItem(date=document.created_at, kind="document",
                                  title=_("Identity document added: %(kind)s")
                                  % {"kind": document.get_kind_display()}))
    purposes = dict(ConsentPurpose.choices)
    for record in selectors.consent_history(membership=membership, person=person):
        label = purposes.get(record.purpose, record.purpose)
        title = (_("Consent given: %(purpose)s") if record.given
                 else _("Consent withdrawn: %(purpose)s")) % {"purpose": label}
        detail = record.recipient.name if record.recipient else ""
        items.append(TimelineItem(date=record.recorded_at, kind="consent", title=title,
                                  detail=detail))
    for source in Person.objects.filter(merged_into=person).only("uuid", "updated_at"):
        items.append(TimelineItem(date=source.updated_at, kind="merge",
                                  title=_("Another record was merged into this one"),
                                  url=reverse("people:detail", args=[source.uuid])))
    if person.merged_into_id:
        items.append(TimelineItem(date=person.updated_at, kind="merge",
                                  title=_("Merged into another record"),
                                  url=reverse("people:detail", args=[person.merged_into.uuid])))
    return items


def person_section(person: Person, membership) -> ExportSection:
    documents = selectors.documents_of(membership=membership, person=person)
    households = selectors.households_of(membership=membership, person=person)
    history = selectors.consent_history(membership=membership, person=person)
    data = {
        "reference": str(person.uuid),
        "given_name": person.given_name,
        "family_name": person.family_name,
        "given_name_latin": person.given_name_latin,
        "family_name_latin": person.family_name_latin,
        "other_names": person.aliases,
        "date_of_birth": person.birth_date_display,
        "sex": person.get_sex_display(),
        "nationality": person.nationality.name if person.nationality else "",
        "stateless": person.stateless,
        "languages": person.languages,
        "interpreter_needed": person.interpreter_needed,
        "interpreter_language": person.interpreter_language,
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
        "vulnerabilities": [str(label) for value, label in Vulnerability.choices
                            if value in (person.vulnerabilities or [])],
        "narrative": person.narrative,
        "registered_at": person.created_at.isoformat(),
        "identity_documents": [
            {"kind": d.get_kind_display(), "number": d.number,
             "issuing_country": d.issuing_country.name if d.issuing_country else "",
             "expires_on": d.expires_on.isoformat() if d.expires_on else ""}
            for d in documents],
        "households": [
            {"household": link.household.name, "relationship": link.get_relationship_display(),
             "members": [m.person.display_name for m in link.household.members.all()
                         if m.person_id != person.pk]}
            for link in households],
        "consent": [
            {"purpose": r.get_purpose_display(), "given": r.given,
             "recipient": r.recipient.name if r.recipient else "",
             "recorded_at": r.recorded_at.isoformat(), "how": r.note}
            for r in history],
    }
    return ExportSection(key="person", title=_("Personal details"), data=data,
                         labels=person_section_labels())


def _verbose(model, name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))


def person_section_labels() -> dict[str, str]:
    """The PDF's row labels for the person section's keys, in the active language."""
    labels = {name: _verbose(Person, name) for name in (
        "given_name", "family_name", "given_name_latin", "family_name_latin", "sex",
        "nationality", "stateless", "languages", "interpreter_needed",
        "interpreter_language", "phone", "email", "address", "vulnerabilities",
        "narrative")}
    labels.update({name: _verbose(IdentityDocument, name)
                   for name in ("kind", "number", "issuing_country", "expires_on")})
    labels.update({
        "reference": _("Reference"),
        "other_names": _verbose(Person, "aliases"),
        "date_of_birth": _("Date of birth"),
        "registered_at": _("Registered"),
        "identity_documents": _("Identity documents"),
        "households": _("Households"),
        "household": capfirst(_("household")),
        "relationship": _verbose(HouseholdMember, "relationship"),
        "members": _("Members"),
        "consent": _("Consent"),
        "purpose": _verbose(ConsentRecord, "purpose"),
        "given": _verbose(ConsentRecord, "given"),
        "recipient": _("Recipient"),
        "recorded_at": _("Recorded on"),
        "how": _verbose(ConsentRecord, "note"),
    })
    return {key: str(label) for key, label in labels.items()}


def recent_persons_panel(request) -> dict:
    return {"persons": selectors.persons_recent(membership=request.membership, limit=5)}
