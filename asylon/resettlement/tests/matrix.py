"""Every protected view of the resettlement app, for the core permission matrix.

Agency views: the objects belong to `organisation` (made by an officer of it). Partner
views: the household is placed by some agency with an offer whose partner is
`organisation`, so another organisation's coordinator must get 404.
"""

from asylon.core.roles import Role
from asylon.core.tests.matrix import ProtectedView, Target, roles

OFFICER = roles(Role.RESETTLEMENT_OFFICER)
PARTNERS = roles(Role.COORDINATOR, Role.ORG_ADMIN)
MARKER = "Marker Zq"


def _officer(org):
    from asylon.resettlement.tests import factories as f
    return f.officer(org)


def _case(org, actor, stage="referred"):
    from asylon.resettlement.tests import factories as f
    return f.case(_officer(org), stage=stage)


def _year(org, actor):
    from asylon.resettlement.tests import factories as f
    return f.programme(_officer(org))


def _offer(org, actor):
    from asylon.resettlement.tests import factories as f
    return f.offer(_officer(org), name=MARKER)


def _run(org, actor):
    """A queued run (made directly: the matrix asks who may reach it, not the engine)."""
    from asylon.resettlement.models import PlacementRun
    return PlacementRun.objects.create(organisation=org, phase="queued")


def _placement(officer, partner_org):
    """A placed household in guidance, made without a run (the engine is not the point)."""
    import datetime

    from asylon.resettlement import services
    from asylon.resettlement.models import Placement
    from asylon.resettlement.tests import factories as f
    offer = f.offer(officer, partner=partner_org, name=MARKER)
    case = f.case(officer, stage="arrived")
    placement = Placement.objects.create(organisation_id=officer.organisation_id, case=case,
                                         offer=offer)
    services.guidance_plan_create(actor=officer, placement=placement,
                                  starts_on=datetime.date.today())
    return placement


def _plan(org, actor):
    from asylon.resettlement.tests import factories as f
    return _placement(_officer(org), f.partner_member("P").organisation).plan


def _placed(org, actor):
    """A placement with a partner offer of `org` (by an agency of its own)."""
    from asylon.resettlement.tests import factories as f
    return _placement(f.officer(), org)


def _period(org, actor):
    import datetime

    from asylon.resettlement.models import Municipality, TargetPeriod
    Municipality.objects.create(organisation=org, code="GM0344", name=MARKER, population=10)
    return TargetPeriod.objects.create(organisation=org, label="2026-H1", national_total=10,
                                       starts_on=datetime.date(2026, 1, 1))


def _webinar(org, actor):
    import datetime

    from django.utils import timezone

    from asylon.resettlement import services
    return services.webinar_create(actor=_officer(org), title=MARKER, hours=1, seats=5,
                                   starts_at=timezone.now() + datetime.timedelta(days=3),
                                   online_url="https://meet.test/x")


def _waiting(org, actor):
    import datetime

    from asylon.resettlement import services
    from asylon.resettlement.tests import factories as f
    officer = _officer(org)
    return services.waiting_register(actor=officer, household=f.household(officer),
                                     reference=f"NL-{MARKER}",
                                     status_granted_on=datetime.date(2026, 1, 5))


def _dispersal(org, actor):
    """A queued proposal (made directly: the matrix asks who may reach it)."""
    from asylon.resettlement.models import DispersalRun
    return DispersalRun.objects.create(organisation=org, period=_period(org, actor),
                                       phase="queued")


def _list(url, builder=None, marker=MARKER):
    def build(org, actor):
        made = builder(org, actor) if builder else None
        return Target(url, marker=getattr(made, "reference", None) or marker)
    return build


VIEWS = [
    ProtectedView("resettlement-ledger", lambda o, a: Target(
        f"/resettlement/?year={_year(o, a).year}"), OFFICER, object_scoped=False),
    ProtectedView("resettlement-year-new", lambda o, a: Target("/resettlement/years/new/"),
                  OFFICER, object_scoped=False),
    ProtectedView("resettlement-carry-over", lambda o, a: Target(
        f"/resettlement/years/{_year(o, a).uuid}/carry-over/"), OFFICER, ok_status=(200, 302)),
    ProtectedView("resettlement-cases", _list("/resettlement/cases/", _case), OFFICER,
                  object_scoped=False),
    ProtectedView("resettlement-cases-export", _list("/resettlement/cases/?export=csv", _case),
                  OFFICER, object_scoped=False),
    ProtectedView("resettlement-case-new", lambda o, a: (_year(o, a), Target(
        "/resettlement/cases/new/"))[1], OFFICER, object_scoped=False, ok_status=(200, 302)),
    ProtectedView("resettlement-case", lambda o, a: Target(
        f"/resettlement/cases/{_case(o, a).uuid}/"), OFFICER),
    ProtectedView("resettlement-case-move", lambda o, a: Target(
        f"/resettlement/cases/{_case(o, a).uuid}/move/", data={"to": "dossier_reviewed"}),
        OFFICER, method="post", ok_status=(302,)),
    ProtectedView("resettlement-offers", _list("/resettlement/offers/", _offer), OFFICER,
                  object_scoped=False),
    ProtectedView("resettlement-offer", lambda o, a: Target(
        f"/resettlement/offers/{_offer(o, a).uuid}/"), OFFICER),
    ProtectedView("resettlement-offer-capacity", lambda o, a: Target(
        f"/resettlement/offers/{_offer(o, a).uuid}/capacity/",
        data={"persons": 5, "households": 2}), OFFICER, method="post", ok_status=(302,)),
    ProtectedView("resettlement-offer-decide", lambda o, a: Target(
        f"/resettlement/offers/{_offer(o, a).uuid}/decide/",
        data={"decision": "changes", "note": "More detail"}), OFFICER, method="post",
        ok_status=(302,)),
    ProtectedView("resettlement-webinars", _list("/resettlement/offers/webinars/", _webinar),
                  OFFICER, object_scoped=False),
    ProtectedView("resettlement-runs", _list("/resettlement/runs/"), OFFICER,
                  object_scoped=False),
    ProtectedView("resettlement-run-new", lambda o, a: Target("/resettlement/runs/new/"),
                  OFFICER, object_scoped=False),
    ProtectedView("resettlement-run", lambda o, a: Target(
        f"/resettlement/runs/{_run(o, a).uuid}/"), OFFICER),
    ProtectedView("resettlement-run-progress", lambda o, a: Target(
        f"/resettlement/runs/{_run(o, a).uuid}/progress/"), OFFICER),
    ProtectedView("resettlement-run-lock", lambda o, a: Target(
        f"/resettlement/runs/{_run(o, a).uuid}/lock/", data={"case": "", "reason": ""}),
        OFFICER, method="post", ok_status=(302,)),
    ProtectedView("resettlement-run-lock-form", lambda o, a: Target(
        f"/resettlement/runs/{_run(o, a).uuid}/lock/"), OFFICER, ok_status=(302,)),
    ProtectedView("resettlement-run-reoptimise", lambda o, a: Target(
        f"/resettlement/runs/{_run(o, a).uuid}/reoptimise/", data={}), OFFICER,
        method="post", ok_status=(302,)),
    ProtectedView("resettlement-run-approve", lambda o, a: Target(
        f"/resettlement/runs/{_run(o, a).uuid}/approve/", data={}), OFFICER, method="post",
        ok_status=(302,)),
    ProtectedView("resettlement-guidance", _list("/resettlement/guidance/", _plan), OFFICER,
                  object_scoped=False),
    ProtectedView("resettlement-outcomes", _list("/resettlement/guidance/outcomes/", _plan),
                  OFFICER, object_scoped=False),
    ProtectedView("resettlement-plan", lambda o, a: Target(
        f"/resettlement/guidance/{_plan(o, a).uuid}/"), OFFICER),
    ProtectedView("resettlement-targets", _list("/resettlement/targets/", _period), OFFICER,
                  object_scoped=False),
    ProtectedView("resettlement-population-import", lambda o, a: Target(
        "/resettlement/targets/import/"), OFFICER, object_scoped=False),
    ProtectedView("resettlement-period-new", lambda o, a: Target(
        "/resettlement/targets/periods/new/"), OFFICER, object_scoped=False),
    ProtectedView("resettlement-period", lambda o, a: Target(
        f"/resettlement/targets/periods/{_period(o, a).uuid}/"), OFFICER),
    ProtectedView("resettlement-published-import", lambda o, a: Target(
        f"/resettlement/targets/periods/{_period(o, a).uuid}/published/"), OFFICER),
    ProtectedView("resettlement-housed", lambda o, a: Target(
        f"/resettlement/targets/periods/{_period(o, a).uuid}/housed/",
        data={"code": "GM0344", "housed": 1}), OFFICER, method="post", ok_status=(302,)),
    ProtectedView("resettlement-waiting", _list("/resettlement/targets/waiting/", _waiting),
                  OFFICER, object_scoped=False),
    ProtectedView("resettlement-waiting-export",
                  _list("/resettlement/targets/waiting/?export=csv", _waiting), OFFICER,
                  object_scoped=False),
    ProtectedView("resettlement-waiting-new", lambda o, a: Target(
        "/resettlement/targets/waiting/new/"), OFFICER, object_scoped=False),
    ProtectedView("resettlement-waiting-housed", lambda o, a: Target(
        f"/resettlement/targets/waiting/{_waiting(o, a).uuid}/housed/", data={}), OFFICER,
        method="post", ok_status=(302,)),
    ProtectedView("resettlement-dispersal-new", lambda o, a: Target(
        f"/resettlement/targets/periods/{_period(o, a).uuid}/dispersal/"), OFFICER),
    ProtectedView("resettlement-dispersal", lambda o, a: Target(
        f"/resettlement/targets/dispersals/{_dispersal(o, a).uuid}/"), OFFICER),
    ProtectedView("resettlement-dispersal-progress", lambda o, a: Target(
        f"/resettlement/targets/dispersals/{_dispersal(o, a).uuid}/progress/"), OFFICER),
    ProtectedView("resettlement-dispersal-approve", lambda o, a: Target(
        f"/resettlement/targets/dispersals/{_dispersal(o, a).uuid}/approve/", data={}),
        OFFICER, method="post", ok_status=(302,)),
    ProtectedView("resettlement-placed", lambda o, a: Target(
        "/resettlement/placed/", marker=_placed(o, a).case.reference), PARTNERS,
        object_scoped=False),
    ProtectedView("resettlement-placed-detail", lambda o, a: Target(
        f"/resettlement/placed/{_placed(o, a).uuid}/"), PARTNERS),
    ProtectedView("resettlement-milestone", lambda o, a: Target(
        f"/resettlement/placed/{_placed(o, a).uuid}/milestone/", data={}), PARTNERS,
        method="post", ok_status=(302,)),
    ProtectedView("resettlement-evaluate", lambda o, a: Target(
        f"/resettlement/placed/{_placed(o, a).uuid}/evaluate/", data={}), PARTNERS,
        method="post", ok_status=(302,)),
]
