"""Recompute existing deadlines from their rules, and say what changed.

Used once by migration 0006 (when terms got units, counting rules and meeting stages:
183 "days" became six calendar months, a term no longer ends on a Sunday, and the
decision term is no longer met by leaving the stage that started it) and afterwards by
`manage.py recompute_deadlines` when a rule is changed in the admin. It works with the
migration's historical models as well as with the real ones, so it imports no model.

What it does, per deadline that came from a rule:
- the start date: the day the case entered the rule's stage (kept on the deadline since
  0005; for older rows, the stage event the old figure in days was counted from);
- the due date, by the rule's term and counting rule (`legaltime.due`);
- its state: met by a later stage named in the rule, met when the case closed, met by
  hand, or open again when the old code had met it only because the case left the stage.
Cases that are open at a stage where a procedure term should be running but have no
deadline for it (opened mid-procedure before the form asked for it) are listed too:
their start date is unknown, so someone must enter it.

Lines name cases by reference and organisation id, never a client.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import timedelta

from asylon.casework import legaltime


@dataclass
class Change:
    reference: str
    organisation_id: int
    label: str
    what: str

    def line(self) -> str:
        return f"{self.reference} (organisation {self.organisation_id}): {self.label}: {self.what}"


def _upgrade_shipped_rules(apps, changes: list[Change]) -> None:
    from asylon.casework import tracks
    Track = apps.get_model("casework", "Track")
    Stage = apps.get_model("casework", "Stage")
    DeadlineRule = apps.get_model("casework", "DeadlineRule")
    tracks.load(apps)  # adds what is new, with units already
    shipped = {}
    for spec in tracks.shipped()["tracks"]:
        Track.objects.filter(key=spec["key"]).update(counting=spec["counting"])
        for rule in spec["deadlines"]:
            shipped[(spec["key"], rule["stage"], rule["label"])] = rule
    for rule in DeadlineRule.objects.select_related("track", "stage"):
        spec = shipped.get((rule.track.key, rule.stage.key, rule.label))
        if spec is not None and rule.days == spec["was_days"]:
            rule.count, rule.unit = spec["count"], spec["unit"]
            rule.counting = spec.get("counting", "")
            rule.save(update_fields=["count", "unit", "counting"])
            rule.met_by.set(Stage.objects.filter(track=rule.track, key__in=spec["met_by"]))
            continue
        # A figure the organisation changed in the admin (or a rule of its own): kept in
        # days, met by the shipped stages if there are any, else by hand. Said so.
        rule.count, rule.unit = rule.days, legaltime.DAYS
        rule.save(update_fields=["count", "unit"])
        if spec is not None:
            rule.met_by.set(Stage.objects.filter(track=rule.track, key__in=spec["met_by"]))
        changes.append(Change("-", 0, rule.label, (
            f"rule of track {rule.track.key} kept at {rule.days} days (changed in the admin "
            f"or not shipped); check its unit and the stages that meet it")))


def _start_of(deadline, events, old_days):
    """The stage event this deadline's clock started at."""
    if deadline.started_on:
        return deadline.started_on, False
    candidates = [e.entered_on for e in events if e.stage_id == deadline.rule.stage_id]
    if old_days is not None:
        exact = [d for d in candidates if d + timedelta(days=old_days) == deadline.due_on]
        if exact:
            return exact[-1], False
    return (candidates[-1], True) if candidates else (None, True)


def run(apps=None, *, write: bool = True, upgrade_rules: bool = True) -> list[Change]:
    if apps is None:
        from django.apps import apps
    Case = apps.get_model("casework", "Case")
    Deadline = apps.get_model("casework", "Deadline")
    DeadlineRule = apps.get_model("casework", "DeadlineRule")
    StageEvent = apps.get_model("casework", "StageEvent")
    changes: list[Change] = []
    has_days = "days" in {f.name for f in DeadlineRule._meta.get_fields()}
    old_days = {}
    if has_days:
        old_days = dict(DeadlineRule.objects.values_list("pk", "days"))
    if upgrade_rules and has_days:
        _upgrade_shipped_rules(apps, changes)
    rules = {r.pk: r for r in DeadlineRule.objects.select_related("track", "stage")}
    met_by = {}
    for rule in rules.values():
        met_by[rule.pk] = set(rule.met_by.values_list("pk", flat=True))
    touched_cases = set()
    deadlines = (Deadline.objects.filter(rule__isnull=False).select_related("case")
                 .order_by("case_id", "pk"))
    events_by_case: dict[int, list] = {}
    for case_id in deadlines.values_list("case_id", flat=True).distinct():
        events_by_case[case_id] = list(StageEvent.objects.filter(case_id=case_id)
                                       .order_by("entered_on", "pk"))
    for deadline in deadlines:
        rule = rules[deadline.rule_id]
        case = deadline.case
        events = events_by_case.get(case.pk, [])
        start, guessed = _start_of(deadline, events, old_days.get(rule.pk))
        if start is None:
            changes.append(Change(case.reference, case.organisation_id, rule.label,
                                  "start unknown (no stage event): left as it was"))
            continue
        counting = rule.counting or rule.track.counting
        result = legaltime.due(start, rule.count, rule.unit, counting)
        notes = []
        if guessed:
            notes.append(f"counted from the last entry into its stage ({start})")
        if result.due_on != deadline.due_on:
            notes.append(f"due {deadline.due_on} -> {result.due_on}")
        later = [e for e in events if e.entered_on >= start and e.stage_id in met_by[rule.pk]
                 and not (e.stage_id == rule.stage_id and e.entered_on == start)]
        met_on, met_how, met_stage_id = deadline.met_on, deadline.met_how, deadline.met_stage_id
        if later and met_how in ("", "event"):
            event = later[0]
            met_on, met_how, met_stage_id = event.entered_on, "event", event.stage_id
        elif met_on is not None and not met_how:
            # Met before 0005: by hand, by closing, or only because the case moved on.
            left_on = {e.entered_on for e in events if e.entered_on > start
                       or (e.entered_on == start and e.stage_id != rule.stage_id)}
            automatic = met_on in left_on
            if case.status == "closed" and (automatic or met_on == case.closed_on):
                met_on, met_how = case.closed_on, "closed"
            elif automatic:
                met_on, met_how = None, ""
            else:
                met_how = "hand"
        if met_on != deadline.met_on:
            notes.append(f"met {deadline.met_on} -> " + (str(met_on) if met_on else
                         "open again (it had been met only because the case left its stage)"))
        if notes:
            changes.append(Change(case.reference, case.organisation_id, rule.label,
                                  "; ".join(notes)))
        if write:
            Deadline.objects.filter(pk=deadline.pk).update(
                started_on=start, due_on=result.due_on,
                nominal_on=result.nominal_on if result.moved else None,
                met_on=met_on, met_how=met_how, met_stage_id=met_stage_id)
            touched_cases.add(case.pk)
    changes += _missing_procedure_terms(apps, rules, met_by)
    if write:
        from django.db.models import Min
        for case in Case.objects.filter(pk__in=touched_cases):
            nxt = (Deadline.objects.filter(case=case, met_on=None).aggregate(d=Min("due_on"))["d"]
                   if case.status == "open" else None)
            if nxt != case.next_deadline:
                Case.objects.filter(pk=case.pk).update(next_deadline=nxt)
    return changes


def _missing_procedure_terms(apps, rules, met_by) -> list[Change]:
    from asylon.casework import procedure
    Case = apps.get_model("casework", "Case")
    Deadline = apps.get_model("casework", "Deadline")
    Transition = apps.get_model("casework", "Transition")
    graph = procedure.Graph(Transition.objects.values_list("from_stage_id", "to_stage_id"))
    changes = []
    has = set(Deadline.objects.filter(rule__isnull=False).values_list("case_id", "rule_id"))
    by_track: dict[int, list] = {}
    for rule in rules.values():
        by_track.setdefault(rule.track_id, []).append(rule)
    for case in Case.objects.filter(status="open").order_by("pk"):
        for rule in graph.running_at(case.stage_id, by_track.get(case.track_id, []), met_by):
            if rule.stage_id != case.stage_id and (case.pk, rule.pk) not in has:
                changes.append(Change(case.reference, case.organisation_id, rule.label,
                                      "missing: the case was opened at a later stage; enter "
                                      "the date it started on the case page"))
    return changes


def report(changes: list[Change], out=None) -> None:
    out = out or sys.stdout
    if not changes:
        return
    out.write(f"\n  Deadlines recomputed, {len(changes)} change(s):\n")
    for change in changes:
        out.write(f"    {change.line()}\n")
