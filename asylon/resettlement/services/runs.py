"""Placement runs: started by an officer, solved by the engine in a background job,
corrected by locks with a reason, re-optimised, approved once."""

import time

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.core.models import Membership
from asylon.core.roles import Role
from asylon.matching import check, solve
from asylon.resettlement import engine, explain
from asylon.resettlement.models import (
    PLACEABLE,
    Offer,
    OfferCapacity,
    OfferStatus,
    Placement,
    PlacementRun,
    ResettlementCase,
    RunLine,
    RunStatus,
    Stage,
)

from .common import MANAGE, require
from .outcome_models import outcome_model_load


def _snapshot(cases, offers, locks) -> dict:
    return {"cases": {str(c.uuid): [c.stage, c.version] for c in cases},
            "offers": {str(o.uuid): o.version for o in offers}, "locks": dict(locks)}


def _validate_selection(cases, offers):
    if not cases:
        raise ValidationError(_("Select at least one household."))
    if not offers:
        raise ValidationError(_("Select at least one approved offer."))
    for case in cases:
        if case.stage not in PLACEABLE:
            raise ValidationError(_("%(ref)s is “%(stage)s”: only accepted households can be "
                                    "placed.") % {"ref": case.reference,
                                                  "stage": case.get_stage_display()})
    placed_ids = set(Placement.objects.filter(case__in=cases).values_list("case_id", flat=True))
    placed = [c.reference for c in cases if c.pk in placed_ids]
    if placed:
        raise ValidationError(_("Already placed: %(refs)s.") % {"refs": ", ".join(placed[:5])})
    for offer in offers:
        if offer.status != OfferStatus.APPROVED:
            raise ValidationError(_("The offer of %(p)s is not approved.") % {"p": offer.partner_name})


def _check_locks(locks: dict, cases, offers) -> None:
    """Locks that together exceed an offer's capacity conflict: refuse them, naming both."""
    by_uuid = {str(c.uuid): c for c in cases}
    offer_by = {str(o.uuid): o for o in offers}
    per_offer: dict[str, list] = {}
    for case_id, offer_id in locks.items():
        if case_id not in by_uuid or offer_id not in offer_by:
            raise ValidationError(_("A lock names a household or offer outside this run."))
        per_offer.setdefault(offer_id, []).append(by_uuid[case_id])
    for offer_id, locked in per_offer.items():
        offer = offer_by[offer_id]
        capacity = {row.dimension: row.amount for row in offer.capacities.all()}
        persons = sum(c.persons for c in locked)
        if len(locked) > capacity.get("households", len(locked)) or \
                persons > capacity.get("persons", persons):
            raise ValidationError(_(
                "These locks conflict: %(refs)s together need %(p)d persons in %(n)d "
                "households at %(offer)s, which has room for %(cp)s persons in %(ch)s "
                "households.") % {"refs": ", ".join(c.reference for c in locked), "p": persons,
                                  "n": len(locked), "offer": offer.partner_name,
                                  "cp": capacity.get("persons"),
                                  "ch": capacity.get("households")})


def _offers_qs():
    return Offer.objects.prefetch_related(
        Prefetch("capacities", queryset=OfferCapacity.objects.order_by("dimension")))


def run_start(*, actor, cases, offers, preference_weight: float = 0.2,
              time_limit: float = 10.0, locks: dict | None = None,
              parent: PlacementRun | None = None, outcome_model=None) -> PlacementRun:
    """`outcome_model`: a trained model whose predictions are the scores; without one
    the configured scores (`engine.build`)."""
    require(actor, MANAGE)
    if outcome_model is not None:
        require(actor, MANAGE, outcome_model)
    cases = list(cases)
    offers = list(offers)
    for obj in [*cases, *offers]:
        require(actor, MANAGE, obj)
    _validate_selection(cases, offers)
    locks = dict(locks or {})
    _check_locks(locks, cases, offers)
    if not 0 <= preference_weight <= 5:
        raise ValidationError({"preference_weight": _("Give a preference weight from 0 to 5.")})
    from asylon.resettlement.tasks import execute_run
    with transaction.atomic():
        run = PlacementRun.objects.create(
            organisation_id=actor.organisation_id, started_by=actor, parent=parent,
            snapshot=_snapshot(cases, offers, locks), locks=locks,
            preference_weight=preference_weight, time_limit=time_limit,
            outcome_model=outcome_model, phase="queued")
        run.cases.set(cases)
        run.offers.set(offers)
        audit.record(actor=actor, action="create", obj=run,
                     fields=["cases", "offers", "locks"])
        # Enqueued inside the transaction: with the database queue the job becomes
        # visible to the worker only when the run it names is committed.
        execute_run.enqueue(run.pk)
    return run


def _model_of(run: PlacementRun) -> tuple:
    """The run's trained model and the provenance the proposal shows; a model that cannot
    be used falls back to the configured scores, and the proposal says so."""
    trained = run.outcome_model
    if trained is None:
        return None, {"kind": "configured"}
    provenance = {"kind": "model", "label": trained.label, "uuid": str(trained.uuid),
                  "trained_at": trained.created_at.isoformat(),
                  "households": trained.households, "sha256": trained.sha256[:12],
                  **{k: trained.report.get(k) for k in ("auc", "brier", "brier_baseline",
                                                        "expected_calibration_error")}}
    try:
        return outcome_model_load(trained), provenance
    except Exception as exc:  # a damaged model must not stop the run: say so, fall back
        return None, {**provenance, "kind": "fallback", "error": str(exc)[:200]}


def _progress(run_id: int, progress: int, phase: str) -> None:
    PlacementRun.objects.filter(pk=run_id).update(progress=progress, phase=phase)


def run_execute(*, run_id: int) -> str:
    """The job: build the instance, solve, check, store the proposal. Only a queued run
    is taken (a conditional update), so two workers never run the same one."""
    if not PlacementRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, progress=5, phase="building"):
        return "skipped"
    run = PlacementRun.objects.select_related("outcome_model").get(pk=run_id)
    try:
        cases = list(ResettlementCase.objects.filter(pk__in=run.cases.values("pk"))
                     .order_by("stage_since", "created_at", "pk"))
        offers = list(_offers_qs().filter(pk__in=run.offers.values("pk")).order_by("pk"))
        model, scores = _model_of(run)
        built = engine.build(cases, offers, year=timezone.localdate().year,
                             preference_weight=run.preference_weight, model=model)
        _progress(run_id, 15, "solving")
        start = run.parent.result.get("assignments") if run.parent and run.parent.result \
            else None
        started = time.monotonic()
        result = solve(built.instance, time_limit=run.time_limit, locked=run.locks or None,
                       start=start)
        _progress(run_id, 85, "checking")
        violations = check(built.instance, result)
        if violations:
            raise RuntimeError("; ".join(violations[:3]))
        fcfs_placed, fcfs_total = engine.first_come_first_served(built.instance)
        doc = result.to_dict()
        case_by = {str(c.uuid): c for c in cases}
        offer_by = {str(o.uuid): o for o in offers}
        names = {uid: offer.partner_name for uid, offer in offer_by.items()}

        def readable(text: str) -> str:
            # The engine names localities by id; staff know the offers by partner name.
            for uid, name in names.items():
                text = text.replace(uid, name)
            return text

        reasons = explain.reasons(built.instance, result, locked=run.locks or {})
        # A lock's reason was given on the run it was made in; the re-optimised run (the
        # one approved) keeps it beside the lock.
        lock_reasons = dict(RunLine.objects.filter(run_id=run.parent_id).exclude(
            lock_reason="").values_list("case_id", "lock_reason")) if run.parent_id else {}
        lines = []
        for hid, case in case_by.items():
            lid = result.assignments.get(hid)
            explanation = result.explanations.get(hid, {})
            runner = (explanation.get("runner_up") or {}).get("locality")
            lines.append(RunLine(
                run=run, case=case, offer=offer_by.get(lid), runner_up=offer_by.get(runner),
                score=explanation.get("score"), locked=hid in (run.locks or {}),
                lock_reason=lock_reasons.get(case.pk, "") if hid in (run.locks or {}) else "",
                reasons=reasons.get(hid, []),
                why=readable(explanation.get("why") or next(
                    (u["reason"] for u in result.unassigned if u["household"] == hid), ""))))
        summary = {
            "placed": len(result.assignments), "households": len(cases),
            "persons_placed": sum(case_by[h].persons for h in result.assignments),
            "outcome": result.outcome, "objective": result.objective,
            "bound": doc.get("bound"), "gap": doc.get("gap"), "status": result.status,
            "seconds": round(time.monotonic() - started, 2),
            "fcfs": {"placed": fcfs_placed, "outcome": round(fcfs_total, 4)},
            "use": engine.capacity_use(built.instance, result.assignments),
            "fairness": doc.get("fairness") or {}, "envy": (doc.get("envy") or {}).get("count"),
            "lock": doc.get("lock"), "warnings": doc.get("warnings") or [],
            "scores": scores,
        }
        with transaction.atomic():
            RunLine.objects.filter(run=run).delete()
            RunLine.objects.bulk_create(lines, batch_size=500)
            PlacementRun.objects.filter(pk=run_id).update(
                status=RunStatus.DONE, progress=100, phase="done", result=doc,
                summary=summary, finished_at=timezone.now())
        return "done"
    except Exception as exc:  # the run must say it failed, whatever the engine raised
        PlacementRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, phase="failed", error=str(exc)[:2000],
            finished_at=timezone.now())
        return "failed"


def run_lock(*, actor, run: PlacementRun, case: ResettlementCase, offer: Offer | None,
             reason: str) -> PlacementRun:
    """Fix (or, with `offer=None`, release) one household's placement for the next
    re-optimisation. The reason is mandatory and audited."""
    require(actor, MANAGE, run)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for this change; it is kept in "
                                           "the audit trail.")})
    with transaction.atomic():
        run = PlacementRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.DONE:
            raise ValidationError(_("Only a finished proposal can be changed."))
        if not run.cases.filter(pk=case.pk).exists():
            raise ValidationError(_("This household is not part of the run."))
        locks = dict(run.locks or {})
        if offer is None:
            locks.pop(str(case.uuid), None)
        else:
            if not run.offers.filter(pk=offer.pk).exists():
                raise ValidationError(_("This offer is not part of the run."))
            locks[str(case.uuid)] = str(offer.uuid)
            _check_locks(locks, list(run.cases.all()), list(_offers_qs().filter(
                pk__in=run.offers.values("pk"))))
        run.locks = locks
        run.save(update_fields=["locks", "updated_at"])
        RunLine.objects.filter(run=run, case=case).update(lock_reason=reason)
        audit.record(actor=actor, action="lock" if offer else "unlock", obj=run,
                     fields=["locks"])
    return run


def run_reoptimise(*, actor, run: PlacementRun) -> PlacementRun:
    """A new run with the same selection and the locks, warm-started from this one."""
    require(actor, MANAGE, run)
    run = PlacementRun.objects.get(pk=run.pk)  # the locks as they are now
    if run.status != RunStatus.DONE:
        raise ValidationError(_("Only a finished proposal can be re-optimised."))
    return run_start(actor=actor, cases=run.cases.all(), offers=_offers_qs().filter(
        pk__in=run.offers.values("pk")), preference_weight=run.preference_weight,
        time_limit=run.time_limit, locks=run.locks, parent=run,
        outcome_model=run.outcome_model)


def run_changes(run: PlacementRun) -> list[str]:
    """What changed in the run's households and offers since it ran (three queries,
    reading only the columns compared)."""
    changes = []
    stage_labels = dict(Stage.choices)
    rows = ResettlementCase.objects.filter(pk__in=run.cases.values("pk")).values_list(
        "pk", "uuid", "reference", "stage", "version")
    placed_elsewhere = set(Placement.objects.filter(case__in=run.cases.values("pk"))
                           .exclude(run=run).values_list("case_id", flat=True))
    snapshot = run.snapshot.get("cases", {})
    for pk, uid, reference, stage, version in rows:
        was = snapshot.get(str(uid))
        if was is None:
            continue
        if stage != was[0] and stage not in PLACEABLE:
            changes.append(_("%(ref)s is now “%(stage)s”.") % {
                "ref": reference, "stage": stage_labels.get(stage, stage)})
        elif version != was[1]:
            changes.append(_("%(ref)s was changed (needs, preferences or stage).")
                           % {"ref": reference})
        if pk in placed_elsewhere:
            changes.append(_("%(ref)s was placed by another run.") % {"ref": reference})
    versions = run.snapshot.get("offers", {})
    for uid, name, version in Offer.objects.filter(pk__in=run.offers.values("pk")).values_list(
            "uuid", "partner_name", "version"):
        if str(uid) in versions and version != versions[str(uid)]:
            changes.append(_("The offer of %(p)s was changed (capacity or status).")
                           % {"p": name})
    return changes


def _notify_partners(run: PlacementRun, placements: list) -> None:
    """Every organisation of each offer (its lead and the parties making it together) is
    told how many households were placed with it; no names."""
    from asylon.resettlement.models import OfferParty
    orgs_of: dict[int, set] = {}
    for offer_id, org_id in OfferParty.objects.filter(
            offer_id__in={p.offer_id for p in placements},
            organisation__isnull=False).values_list("offer_id", "organisation_id"):
        orgs_of.setdefault(offer_id, set()).add(org_id)
    by_partner: dict[int, int] = {}
    for placement in placements:
        for org_id in orgs_of.get(placement.offer_id, set()) | {placement.offer.partner_id}:
            if org_id is not None:
                by_partner[org_id] = by_partner.get(org_id, 0) + 1
    recipients = (Membership.objects.filter(organisation_id__in=list(by_partner),
                                            is_active=True,
                                            role__in=[Role.ORG_ADMIN, Role.COORDINATOR])
                  .select_related("user", "organisation"))
    messages = []
    for membership in recipients:
        body = render_to_string("resettlement/email/placed.txt", {
            "organisation": membership.organisation, "count": by_partner[
                membership.organisation_id]})
        messages.append((_("Households placed with you"), body, None, [membership.user.email]))
    transaction.on_commit(lambda: [send_mail(*m) for m in messages])


def run_approve(*, actor, run: PlacementRun) -> list[Placement]:
    """Turn the proposal into placements. Exactly one approval wins: the status moves
    from done to approved in one conditional update on a locked row."""
    require(actor, MANAGE, run)
    with transaction.atomic():
        locked_run = PlacementRun.objects.select_for_update().get(pk=run.pk)
        if locked_run.status == RunStatus.APPROVED:
            raise ValidationError(_("This run was approved already."))
        if locked_run.status != RunStatus.DONE:
            raise ValidationError(_("This run cannot be approved: it is “%(s)s”.")
                                  % {"s": locked_run.get_status_display()})
        if (locked_run.locks or {}) != locked_run.snapshot.get("locks", {}):
            raise ValidationError(_("This proposal has changes that were not re-optimised yet: "
                                    "re-optimise, then approve the new proposal."))
        changes = run_changes(locked_run)
        if changes:
            raise ValidationError(_("Households or offers changed since this run: %(c)s Start "
                                    "a new run.") % {"c": " ".join(changes)})
        if not PlacementRun.objects.filter(pk=run.pk, status=RunStatus.DONE).update(
                status=RunStatus.APPROVED, approved_by=actor, approved_at=timezone.now()):
            raise ValidationError(_("This run was approved already."))
        lines = list(RunLine.objects.filter(run=locked_run).exclude(offer=None)
                     .select_related("case", "offer"))
        placements = Placement.objects.bulk_create(
            Placement(organisation_id=locked_run.organisation_id, case=line.case,
                      offer=line.offer, run=locked_run, predicted_score=line.score)
            for line in lines)
        for line in lines:
            line.case.version += 1
        ResettlementCase.objects.bulk_update([line.case for line in lines], ["version"])
        from .ledger import case_move
        for line in lines:
            if line.case.stage == Stage.ARRIVED:
                case_move(actor=actor, case=line.case, to=Stage.PLACED)
        # Other proposals for these households are now out of date.
        PlacementRun.objects.filter(organisation_id=locked_run.organisation_id,
                                    status=RunStatus.DONE,
                                    cases__in=[line.case for line in lines]
                                    ).exclude(pk=run.pk).update(status=RunStatus.SUPERSEDED)
        audit.record(actor=actor, action="approve", obj=locked_run, fields=["status"])
        for placement in placements:
            audit.record(actor=actor, action="create", obj=placement, fields=["offer"])
        _notify_partners(locked_run, placements)
    return placements
