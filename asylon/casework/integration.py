"""What casework contributes to the people app: timeline items, subject export, holds on
erasure, anonymisation of a person's cases, and moving cases when two records merge.

People never imports casework; casework declares these in its registration
(`contributions`, see asylon.people.hooks). Each provider runs a fixed number of queries.
"""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from asylon.core import audit, policy

VIEW = "casework.view_case"


def _cases_of(person):
    """The person's own cases and their households' cases.

    The household ids are read first (one small query) and passed as values: an OR with a
    subquery makes PostgreSQL scan every case (75 ms at 400,000 cases), with values it
    combines the person and household indexes.
    """
    from asylon.casework.models import Case
    from asylon.people.selectors import household_ids_of
    households = household_ids_of(person=person)
    condition = Q(person=person)
    if households:
        condition |= Q(household_id__in=households)
    return Case.objects.filter(condition)


def timeline_items(person, membership) -> list:
    from asylon.casework.models import (
        Appointment,
        Deadline,
        Document,
        Intervention,
        Note,
        Referral,
        StageEvent,
    )
    from asylon.people.hooks import TimelineItem

    if membership is None or not membership.has(VIEW):
        return []
    cases = policy.scope(membership, VIEW, _cases_of(person)).select_related("track", "stage")
    cases = list(cases)
    if not cases:
        return []
    ids = [c.pk for c in cases]
    url = {c.pk: reverse("casework:case", args=[c.uuid]) for c in cases}
    ref = {c.pk: c.reference for c in cases}
    items = []
    for case in cases:
        items.append(TimelineItem(date=case.opened_on, kind="case", url=url[case.pk],
                                  title=_("Case %(ref)s opened: %(track)s") % {
                                      "ref": case.reference, "track": _(case.track.name)},
                                  detail=_("Now: %(stage)s") % {"stage": _(case.stage.name)},
                                  permission=VIEW))

    def scoped(model):
        return policy.scope(membership, VIEW, model.objects.filter(case_id__in=ids))

    for event in scoped(StageEvent).select_related("stage"):
        items.append(TimelineItem(date=event.entered_on, kind="stage", url=url[event.case_id],
                                  title=_("%(ref)s: stage “%(stage)s”") % {
                                      "ref": ref[event.case_id], "stage": _(event.stage.name)},
                                  permission=VIEW))
    for deadline in scoped(Deadline).filter(met_on=None):
        state = {"overdue": _("overdue"), "due_soon": _("due soon")}.get(deadline.state, "")
        items.append(TimelineItem(date=deadline.due_on, kind="deadline", url=url[deadline.case_id],
                                  title=_("%(ref)s: deadline “%(label)s”") % {
                                      "ref": ref[deadline.case_id], "label": _(deadline.label)},
                                  detail=state, permission=VIEW))
    for intervention in scoped(Intervention).select_related("type"):
        items.append(TimelineItem(date=intervention.date, kind="intervention",
                                  url=url[intervention.case_id],
                                  title=_("%(ref)s: %(type)s") % {
                                      "ref": ref[intervention.case_id],
                                      "type": _(intervention.type.name)},
                                  detail=intervention.get_outcome_display(), permission=VIEW))
    for note in scoped(Note):
        items.append(TimelineItem(date=note.created_at, kind="note", url=url[note.case_id],
                                  title=_("%(ref)s: note") % {"ref": ref[note.case_id]},
                                  permission=VIEW))
    for appointment in scoped(Appointment):
        items.append(TimelineItem(date=appointment.starts_at, kind="appointment",
                                  url=url[appointment.case_id],
                                  title=_("%(ref)s: appointment “%(title)s”") % {
                                      "ref": ref[appointment.case_id],
                                      "title": appointment.title}, permission=VIEW))
    for document in scoped(Document):
        items.append(TimelineItem(date=document.uploaded_at, kind="document",
                                  url=url[document.case_id],
                                  title=_("%(ref)s: document “%(title)s”") % {
                                      "ref": ref[document.case_id], "title": document.title},
                                  permission=VIEW))
    for referral in policy.scope(membership, VIEW, Referral.objects.filter(case_id__in=ids)
                                 ).select_related("to_organisation"):
        items.append(TimelineItem(date=referral.created_at, kind="referral",
                                  url=url[referral.case_id],
                                  title=_("%(ref)s: referred to %(org)s") % {
                                      "ref": ref[referral.case_id],
                                      "org": referral.to_organisation.name},
                                  detail=referral.get_status_display(), permission=VIEW))
    return items


def hold_reasons(person) -> list[str]:
    reasons = []
    for case in _cases_of(person).filter(Q(status="open") | Q(legal_hold=True)):
        if case.legal_hold:
            reasons.append(_("Case %(ref)s is under a legal hold.") % {"ref": case.reference})
        else:
            reasons.append(_("Case %(ref)s is an open procedure.") % {"ref": case.reference})
    return reasons


def anonymise_cases(*, actor, person) -> None:
    from asylon.casework.services import case_anonymise
    for case in _cases_of(person).filter(status="closed", legal_hold=False,
                                         anonymised_at=None):
        case_anonymise(case=case, actor=actor)


def export_cases(person, membership):
    from asylon.casework.models import Deadline, Intervention, Note, StageEvent
    from asylon.people.hooks import ExportSection

    cases = list(policy.scope(membership, VIEW, _cases_of(person))
                 .select_related("track", "stage", "responsible"))
    if not cases:
        return None
    ids = [c.pk for c in cases]

    def rows(model, **extra):
        return policy.scope(membership, VIEW, model.objects.filter(case_id__in=ids, **extra))

    stages, deadlines, interventions, notes = {}, {}, {}, {}
    for event in rows(StageEvent).select_related("stage"):
        stages.setdefault(event.case_id, []).append(
            {"stage": event.stage.name, "date": event.entered_on.isoformat()})
    for deadline in rows(Deadline):
        deadlines.setdefault(deadline.case_id, []).append(
            {"label": deadline.label, "due_on": deadline.due_on.isoformat(),
             "met_on": deadline.met_on.isoformat() if deadline.met_on else None,
             "source": deadline.source})
    for item in rows(Intervention).select_related("type"):
        interventions.setdefault(item.case_id, []).append(
            {"type": item.type.name, "date": item.date.isoformat(), "outcome": item.outcome,
             "minutes_spent": item.minutes_spent, "summary": item.summary})
    for note in rows(Note):
        notes.setdefault(note.case_id, []).append(
            {"date": note.created_at.isoformat(), "text": note.body})
    data = [{
        "reference": c.reference, "track": c.track.name, "stage": c.stage.name,
        "status": c.status, "opened_on": c.opened_on.isoformat(),
        "closed_on": c.closed_on.isoformat() if c.closed_on else None,
        "responsible": c.responsible.full_name if c.responsible_id else "",
        "stages": stages.get(c.pk, []), "deadlines": deadlines.get(c.pk, []),
        "interventions": interventions.get(c.pk, []), "notes": notes.get(c.pk, []),
    } for c in cases]
    return ExportSection(key="cases", title=_("Cases"), data=data, labels=export_labels())


def export_labels() -> dict[str, str]:
    """The subject export PDF's row labels for the cases section, in the active language."""
    from django.utils.text import capfirst

    from asylon.casework.models import Case, Deadline, Intervention, Note

    def verbose(model, name):
        return str(capfirst(model._meta.get_field(name).verbose_name))

    labels = {name: verbose(Case, name) for name in (
        "reference", "track", "stage", "status", "opened_on", "closed_on", "responsible")}
    labels.update({name: verbose(Deadline, name)
                   for name in ("label", "due_on", "met_on", "source")})
    labels.update({name: verbose(Intervention, name)
                   for name in ("type", "date", "outcome", "minutes_spent", "summary")})
    labels.update({"stages": _("Stages"), "deadlines": _("Deadlines"),
                   "interventions": _("Interventions"), "notes": _("Notes"),
                   "text": verbose(Note, "body")})
    return labels


def move_cases(*, actor, source, target) -> None:
    from asylon.casework.models import Case, GroupSession
    with transaction.atomic():
        for case in Case.objects.filter(person=source):
            case.person = target
            case.save(update_fields=["person"])
            audit.record(actor=actor, action="change", obj=case, fields=["person"])
        for session in GroupSession.objects.filter(attendees=source):
            session.attendees.remove(source)
            session.attendees.add(target)


def person_actions(person, membership) -> list:
    """"Open a case" on the person's page, for those who may open cases."""
    from asylon.people.hooks import PersonAction

    if membership is None or not membership.has("casework.open_case"):
        return []
    url = f"{reverse('casework:case_open')}?person={person.uuid}"
    return [PersonAction(label=_("Open a case"), url=url, permission="casework.open_case",
                         style="primary", order=10)]


def cases_panel(person, membership):
    """The person's cases (their own and their household's) on the person page; one query."""
    from asylon.people.hooks import PersonPanel

    if membership is None or not membership.has(VIEW):
        return None
    cases = list(policy.scope(membership, VIEW, _cases_of(person))
                 .select_related("track", "stage", "household")
                 .order_by("-status", "-opened_on", "-pk")[:50])
    return PersonPanel(key="cases", title=_("Cases"), template="casework/includes/person_cases.html",
                       permission=VIEW, order=10,
                       context={"cases": cases,
                                "can_open": membership.has("casework.open_case")
                                and person.anonymised_at is None})
