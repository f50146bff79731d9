"""Dispersal of status holders: the waiting households, the engine's proposal of which
municipality houses whom (a background job, like a placement run), and its approval
with the same guards as a placement run (refused when something changed since it ran;
of two approvals at once exactly one wins)."""

import datetime
import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.matching import check, solve
from asylon.people import selectors as people
from asylon.resettlement import engine, explain
from asylon.resettlement.models import (
    DispersalLine,
    DispersalRun,
    Municipality,
    MunicipalTarget,
    RunStatus,
    TargetPeriod,
    WaitingHousehold,
    WaitingStatus,
)

from .common import MANAGE, require

MAX_PREFERRED = 3


def waiting_register(*, actor, household, reference: str, status_granted_on: datetime.date,
                     preferred=()) -> WaitingHousehold:
    """A household of status holders starts waiting for a municipality; its size comes
    from the people app, its preferred municipalities (at most three, best first) from
    their codes."""
    require(actor, MANAGE)
    if household.organisation_id != actor.organisation_id:
        raise ValidationError({"household": _("Choose a household of your organisation.")})
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Give the household a reference.")})
    if status_granted_on is None or status_granted_on > timezone.localdate():
        raise ValidationError({"status_granted_on": _("Give the date the status was granted; "
                                                      "it cannot be in the future.")})
    preferred = [c.strip().upper() for c in preferred if c and c.strip()]
    preferred = list(dict.fromkeys(preferred))
    if len(preferred) > MAX_PREFERRED:
        raise ValidationError({"preferred": _("Give at most three preferred municipalities.")})
    known = set(Municipality.objects.filter(organisation_id=actor.organisation_id,
                                            code__in=preferred).values_list("code", flat=True))
    unknown = [c for c in preferred if c not in known]
    if unknown:
        raise ValidationError({"preferred": _("Unknown municipality code: %(code)s.")
                               % {"code": unknown[0]}})
    profile = people.household_profiles(household_ids=[household.pk],
                                        year=timezone.localdate().year).get(household.pk)
    if profile is None or profile.size < 1:
        raise ValidationError({"household": _("This household has no members yet: register "
                                              "its members in People first.")})
    try:
        with transaction.atomic():
            waiting = WaitingHousehold.objects.create(
                organisation_id=actor.organisation_id, household=household,
                reference=reference, persons=profile.size,
                status_granted_on=status_granted_on, preferred=preferred)
            audit.record(actor=actor, action="create", obj=waiting,
                         fields=["reference", "household", "preferred"])
    except IntegrityError:
        raise ValidationError({"reference": _("Another household already has this "
                                              "reference.")}) from None
    return waiting


def _pending(period: TargetPeriod) -> dict[int, int]:
    """Persons assigned to each municipality in the half-year and not yet housed."""
    rows = (WaitingHousehold.objects.filter(period=period, status=WaitingStatus.ASSIGNED)
            .values("municipality_id").annotate(persons=Sum("persons")))
    return {row["municipality_id"]: row["persons"] for row in rows}


def _targets(period: TargetPeriod) -> list[MunicipalTarget]:
    return list(period.targets.select_related("municipality").order_by("municipality__code"))


def _state(period: TargetPeriod) -> dict:
    """What the proposal depends on per municipality: corrected target, housed, pending."""
    pending = _pending(period)
    return {t.municipality.code: [t.corrected_target, t.housed, pending.get(t.municipality_id, 0)]
            for t in _targets(period)}


def dispersal_start(*, actor, period: TargetPeriod, households, tolerance: float = 0.0,
                    preference_weight: float = 1.0, time_limit: float = 10.0) -> DispersalRun:
    require(actor, MANAGE, period)
    households = list(households)
    if not households:
        raise ValidationError(_("Select at least one waiting household."))
    for waiting in households:
        require(actor, MANAGE, waiting)
        if waiting.status != WaitingStatus.WAITING:
            raise ValidationError(_("%(ref)s is not waiting any more (“%(status)s”).") % {
                "ref": waiting.reference, "status": waiting.get_status_display()})
    if not period.targets.exists():
        raise ValidationError(_("Compute the targets of this half-year first."))
    if not 0 <= tolerance <= 0.5:
        raise ValidationError({"tolerance": _("Give a tolerance from 0 to 50%.")})
    if not 0 <= preference_weight <= 5:
        raise ValidationError({"preference_weight": _("Give a preference weight from 0 to 5.")})
    from asylon.resettlement.tasks import execute_dispersal
    with transaction.atomic():
        run = DispersalRun.objects.create(
            organisation_id=actor.organisation_id, period=period, started_by=actor,
            tolerance=tolerance, preference_weight=preference_weight, time_limit=time_limit,
            phase="queued", snapshot={
                "households": {str(w.uuid): [w.status, w.version] for w in households},
                "municipalities": _state(period)})
        run.households.set(households)
        audit.record(actor=actor, action="create", obj=run, fields=["households", "period"])
        execute_dispersal.enqueue(run.pk)
    return run


def _progress(run_id: int, progress: int, phase: str) -> None:
    DispersalRun.objects.filter(pk=run_id).update(progress=progress, phase=phase)


def dispersal_execute(*, run_id: int) -> str:
    """The job: only a queued proposal is taken (a conditional update), so two workers
    never run the same one."""
    if not DispersalRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, progress=5, phase="building"):
        return "skipped"
    run = DispersalRun.objects.select_related("period").get(pk=run_id)
    try:
        waiting = list(WaitingHousehold.objects.filter(pk__in=run.households.values("pk"))
                       .order_by("status_granted_on", "created_at", "pk"))
        targets = _targets(run.period)
        built = engine.build_dispersal(waiting, targets, pending=_pending(run.period),
                                       tolerance=run.tolerance,
                                       preference_weight=run.preference_weight,
                                       year=timezone.localdate().year)
        _progress(run_id, 15, "solving")
        started = time.monotonic()
        result = solve(built.instance, time_limit=run.time_limit)
        _progress(run_id, 85, "checking")
        violations = check(built.instance, result)
        if violations:
            raise RuntimeError("; ".join(violations[:3]))
        why = explain.reasons(built.instance, result)
        by_code = {t.municipality.code: t.municipality for t in targets}
        lines = []
        for w in waiting:
            hid = str(w.uuid)
            e = result.explanations.get(hid) or {}
            lines.append(DispersalLine(
                run=run, household=w, municipality=by_code.get(result.assignments.get(hid)),
                runner_up=by_code.get((e.get("runner_up") or {}).get("locality")),
                score=e.get("score"), reasons=why.get(hid, [])))
        size = {str(w.uuid): w.persons for w in waiting}
        use = engine.capacity_use(built.instance, result.assignments)
        doc = result.to_dict()
        summary = {
            "placed": len(result.assignments), "households": len(waiting),
            "persons_placed": sum(size[h] for h in result.assignments),
            "persons": sum(size.values()),
            "room": sum(loc.capacity["persons"] for loc in built.instance.localities),
            "first_preference": sum(
                1 for h in built.instance.households
                if h.preferences and result.assignments.get(h.id) == h.preferences[0]),
            "with_preference": sum(1 for h in built.instance.households if h.preferences),
            "use": {code: {"room": dims["persons"]["capacity"], "used": dims["persons"]["used"]}
                    for code, dims in use.items()},
            "objective": result.objective, "bound": doc.get("bound"), "gap": doc.get("gap"),
            "status": result.status, "seconds": round(time.monotonic() - started, 2),
        }
        with transaction.atomic():
            DispersalLine.objects.filter(run=run).delete()
            DispersalLine.objects.bulk_create(lines, batch_size=500)
            DispersalRun.objects.filter(pk=run_id).update(
                status=RunStatus.DONE, progress=100, phase="done", result=doc,
                summary=summary, finished_at=timezone.now())
        return "done"
    except Exception as exc:  # the proposal must say it failed, whatever the engine raised
        DispersalRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, phase="failed", error=str(exc)[:2000],
            finished_at=timezone.now())
        return "failed"


def dispersal_changes(run: DispersalRun) -> list[str]:
    """What changed since the proposal was started: a household assigned or changed, a
    municipality's target, housed number or assignments."""
    changes = []
    snapshot = run.snapshot.get("households", {})
    for uid, reference, status, version in WaitingHousehold.objects.filter(
            pk__in=run.households.values("pk")).values_list("uuid", "reference", "status",
                                                             "version"):
        was = snapshot.get(str(uid))
        if was is None:
            continue
        if status != was[0]:
            changes.append(_("%(ref)s was assigned by another proposal.") % {"ref": reference})
        elif version != was[1]:
            changes.append(_("%(ref)s was changed.") % {"ref": reference})
    was_state = run.snapshot.get("municipalities", {})
    now_state = _state(run.period)
    names = dict(Municipality.objects.filter(organisation_id=run.organisation_id)
                 .values_list("code", "name"))
    for code in sorted(set(was_state) | set(now_state)):
        if was_state.get(code) != now_state.get(code):
            changes.append(_("The target, housed number or assignments of %(m)s changed.")
                           % {"m": names.get(code, code)})
    return changes


def dispersal_approve(*, actor, run: DispersalRun) -> list[WaitingHousehold]:
    """Assign the proposal's households to their municipalities. Exactly one approval
    wins: the status moves from done to approved in one conditional update on a locked
    row."""
    require(actor, MANAGE, run)
    with transaction.atomic():
        locked_run = DispersalRun.objects.select_for_update().select_related("period").get(
            pk=run.pk)
        if locked_run.status == RunStatus.APPROVED:
            raise ValidationError(_("This proposal was approved already."))
        if locked_run.status != RunStatus.DONE:
            raise ValidationError(_("This proposal cannot be approved: it is “%(s)s”.")
                                  % {"s": locked_run.get_status_display()})
        changes = dispersal_changes(locked_run)
        if changes:
            raise ValidationError(_("Households or targets changed since this proposal: %(c)s "
                                    "Start a new proposal.") % {"c": " ".join(changes)})
        if not DispersalRun.objects.filter(pk=run.pk, status=RunStatus.DONE).update(
                status=RunStatus.APPROVED, approved_by=actor, approved_at=timezone.now()):
            raise ValidationError(_("This proposal was approved already."))
        lines = list(DispersalLine.objects.filter(run=locked_run).exclude(municipality=None)
                     .select_related("household", "municipality"))
        assigned = []
        for line in lines:
            waiting = line.household
            waiting.status = WaitingStatus.ASSIGNED
            waiting.municipality = line.municipality
            waiting.period = locked_run.period
            waiting.version += 1
            assigned.append(waiting)
        WaitingHousehold.objects.bulk_update(assigned, ["status", "municipality", "period",
                                                        "version", "updated_at"])
        DispersalRun.objects.filter(organisation_id=locked_run.organisation_id,
                                    status=RunStatus.DONE,
                                    households__in=assigned).exclude(pk=run.pk).update(
            status=RunStatus.SUPERSEDED)
        audit.record(actor=actor, action="approve", obj=locked_run, fields=["status"])
        for waiting in assigned:
            audit.record(actor=actor, action="assign", obj=waiting, fields=["municipality"])
    return assigned


def waiting_housed(*, actor, waiting: WaitingHousehold) -> WaitingHousehold:
    """The municipality housed an assigned household: it counts as housed against the
    municipality's target of the half-year it was assigned in."""
    require(actor, MANAGE, waiting)
    with transaction.atomic():
        waiting = WaitingHousehold.objects.select_for_update().get(pk=waiting.pk)
        if waiting.status != WaitingStatus.ASSIGNED:
            raise ValidationError(_("Only an assigned household can be recorded as housed."))
        target = MunicipalTarget.objects.select_for_update().get(
            period_id=waiting.period_id, municipality_id=waiting.municipality_id)
        target.housed += waiting.persons
        target.save(update_fields=["housed"])
        waiting.status = WaitingStatus.HOUSED
        waiting.version += 1
        waiting.save(update_fields=["status", "version", "updated_at"])
        audit.record(actor=actor, action="housed", obj=waiting, fields=["status"])
    return waiting
