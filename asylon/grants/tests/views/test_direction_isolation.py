"""Values typed by applicants and staff are direction-isolated on the grant pages (issue
12): a project title or a name in Arabic script beside Latin text and numbers must sit in
its own <bdi> or dir="auto" element, and in the decision letter (plain text) between
Unicode isolates. Right-to-left first and left-to-right first, in English and Arabic."""

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from asylon.core.isolation import unisolated, unisolated_text
from asylon.core.roles import Role
from asylon.core.tests.factories import OrganisationFactory
from asylon.grants import models as m
from asylon.grants.models import PartnerProfile, ReviewAssignment, Score
from asylon.grants.tests.factories import (
    CallFactory,
    FundFactory,
    eligible_application,
    grant_with_plan,
    reviewer_for,
)

MARKERS = ["مساعدةZ", "Zq-مساعدة"]   # Arabic then Latin, Latin then Arabic


def _fixture(own_org, mark):
    fund = FundFactory(organisation=own_org, name=f"صندوق {mark}")
    call = CallFactory(fund=fund, title=f"دعوة {mark} 2026",
                       description=f"Legal aid {mark} 50",
                       questions=[{"key": "q1", "label": f"من يستفيد {mark}?",
                                   "required": True}])
    applicant = OrganisationFactory(name=f"جمعية {mark}", country="GR", city=f"Chios {mark}")
    application = eligible_application(call=call, organisation=applicant,
                                       title=f"مشروع {mark} 12")
    assignment = ReviewAssignment.objects.create(
        application=application, has_conflict=False, submitted_at=timezone.now(),
        reviewer=reviewer_for(own_org, user__full_name=f"مراجع {mark}"),
        comment=f"تعليق {mark} 5/5")
    for criterion in call.criteria.all():
        Score.objects.create(assignment=assignment, criterion=criterion, score=4)
    profile = PartnerProfile.objects.create(fund_owner=own_org, organisation=applicant,
                                            region=f"جزر {mark}")
    grant = grant_with_plan(fund=fund, organisation=applicant, title=f"منحة {mark} 3")
    m.Report.objects.filter(pk=grant.report.pk).update(title=f"تقرير {mark} 1")
    return SimpleNamespace(call=call, application=application, profile=profile, grant=grant,
                           applicant=applicant)


MANAGER_PAGES = [
    "/grants/applications/", "/grants/applications/{application}/", "/grants/manage/calls/",
    "/grants/manage/calls/{call}/ranking/", "/grants/manage/calls/{call}/rubric/",
    "/grants/partners/", "/grants/partners/{profile}/", "/grants/awards/",
    "/grants/awards/{grant}/", "/grants/reports/{report}/"]
APPLICANT_PAGES = ["/grants/", "/grants/calls/{call}/", "/grants/applications/",
                   "/grants/applications/{application}/", "/grants/awards/{grant}/"]


def _paths(paths, data):
    return [p.format(application=data.application.uuid, call=data.call.uuid,
                     profile=data.profile.uuid, grant=data.grant.uuid,
                     report=data.grant.report.uuid) for p in paths]


def _check(client, paths, mark, language):
    for path in paths:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert mark in body, f"{path} shows none of the typed values"
        assert unisolated(body, mark) == [], path


@pytest.mark.parametrize("mark", MARKERS)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_typed_values_are_isolated_for_the_grant_manager(own_org, make_member, client_for,
                                                         mark, language):
    data = _fixture(own_org, mark)
    manager = make_member(Role.GRANT_MANAGER, own_org, language=language)
    _check(client_for(manager), _paths(MANAGER_PAGES, data), mark, language)


@pytest.mark.parametrize("mark", MARKERS)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_typed_values_are_isolated_for_the_applicant(own_org, make_member, client_for, mark,
                                                     language):
    data = _fixture(own_org, mark)
    applicant = make_member(Role.APPLICANT, data.applicant, language=language)
    _check(client_for(applicant), _paths(APPLICANT_PAGES, data), mark, language)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_decision_letter_isolates_the_typed_names(own_org, language):
    mark = MARKERS[0]
    data = _fixture(own_org, mark)
    with translation.override(language):
        letter = render_to_string("grants/email/decision_letter.txt", {
            "application": data.application, "grant": data.grant,
            "decision": SimpleNamespace(amount=data.grant.amount), "fund": data.call.fund})
    assert mark in letter
    assert unisolated_text(letter, mark) == []
