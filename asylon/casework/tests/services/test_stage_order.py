"""A case carries its stage's place in the track, so "sort by stage" reads an index."""

from django.utils import timezone

from asylon.casework import services
from asylon.casework.models import Case
from asylon.casework.tests.factories import open_case, stage


def _actor(case):
    from asylon.core.models import Membership
    return Membership.objects.get(organisation=case.organisation, user=case.responsible)


def test_an_opened_case_carries_its_stage_order(own_org):
    case = open_case(own_org)
    assert Case.objects.get(pk=case.pk).stage_order == case.stage.order


def test_moving_the_case_moves_its_stage_order(own_org):
    case = open_case(own_org, days_ago=30)
    later = stage(case.track.key, "rest-period")
    services.case_move_stage(actor=_actor(case), case=case, stage=later,
                             entered_on=timezone.localdate())
    assert Case.objects.get(pk=case.pk).stage_order == later.order


def test_reordering_a_stage_reorders_its_cases(own_org):
    case = open_case(own_org)
    first = case.stage
    first.order = 99
    first.save()
    assert Case.objects.get(pk=case.pk).stage_order == 99


def test_the_caseload_sorts_by_the_stage_order(own_org, client_for):
    early = open_case(own_org, days_ago=30)
    late = open_case(own_org, actor=_actor(early), days_ago=30)
    services.case_move_stage(actor=_actor(late), case=late,
                             stage=stage(late.track.key, "rest-period"),
                             entered_on=timezone.localdate())
    page = client_for(_actor(early)).get("/cases/?owner=all&sort=-stage").content.decode()
    assert page.index(late.reference) < page.index(early.reference)
