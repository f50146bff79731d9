"""Every protected view of the grant fund, for the core permission matrix.

`build(organisation, actor)` makes the fund, the applicant and the reviewer assignment all
belong to `organisation`, so the actor's own side shows what its role may see and the
other side must look absent (404) or, for lists, not show the marker.
"""

import datetime
from decimal import Decimal

from asylon.core.roles import Role
from asylon.core.tests.matrix import ProtectedView, Target, roles

APPLICANTS = (Role.ORG_ADMIN, Role.COORDINATOR, Role.CASEWORKER, Role.APPLICANT)
MANAGER = Role.GRANT_MANAGER


def _application(org, actor, status="submitted", marker="Marker Project Zq"):
    from asylon.grants.models import ReviewAssignment
    from asylon.grants.tests.factories import ApplicationFactory, CallFactory, FundFactory
    call = CallFactory(fund=FundFactory(organisation=org))
    application = ApplicationFactory(call=call, organisation=org, title=marker, status=status)
    if actor.role == Role.REVIEWER and actor.organisation_id == org.pk:
        ReviewAssignment.objects.create(application=application, reviewer=actor,
                                        has_conflict=False)
    return application


def _draft(org, actor):
    return _application(org, actor, status="draft")


def _eligible(org, actor):
    return _application(org, actor, status="eligible")


def _attachment(org, actor):
    from django.core.files.base import ContentFile

    from asylon.grants.models import Attachment
    # Submitted: the fund's managers never see a draft's attachments (issue 11).
    application = _application(org, actor, status="submitted")
    attachment = Attachment(application=application, original_name="plan.pdf",
                            content_type="application/pdf", size=9)
    attachment.file.save("matrix-plan.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return attachment


def _assignment(org, actor, has_conflict=None):
    from asylon.grants.models import ReviewAssignment
    from asylon.grants.tests.factories import reviewer_for
    application = _application(org, actor, status="eligible")
    reviewer = actor if actor.role == Role.REVIEWER and actor.organisation_id == org.pk \
        else reviewer_for(org)
    assignment, _ = ReviewAssignment.objects.get_or_create(application=application,
                                                           reviewer=reviewer)
    assignment.has_conflict = has_conflict
    assignment.save()
    return assignment


def _grant(org, actor):
    from asylon.grants.tests.factories import FundFactory, grant_with_plan
    return grant_with_plan(fund=FundFactory(organisation=org), organisation=org,
                           title="Marker Grant Zq")


def _call(org, actor):
    from asylon.grants.tests.factories import CallFactory, FundFactory
    return CallFactory(fund=FundFactory(organisation=org), title="Marker Call Zq")


def _profile(org, actor):
    from asylon.core.tests.factories import OrganisationFactory
    from asylon.grants.models import PartnerProfile
    partner = OrganisationFactory(name="Marker Partner Zq", country="RS")
    return PartnerProfile.objects.create(fund_owner=org, organisation=partner)


def _document(org, actor):
    from django.core.files.base import ContentFile

    from asylon.grants.models import DueDiligenceDocument
    document = DueDiligenceDocument(profile=_profile(org, actor), kind="registration",
                                    title="Registration")
    document.file.save("matrix-registration.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    return document


def _activity(org, actor):
    from asylon.grants.models import CapacityActivity
    return CapacityActivity.objects.create(organisation=org, kind="training",
                                           title="Marker Training Zq",
                                           date=datetime.date(2025, 5, 1))


def _results(org, actor):
    from asylon.grants.models import IndicatorValue
    grant = _grant(org, actor)
    grant.report.status = "approved"
    grant.report.save()
    indicator = grant.outcomes.first().indicators.first()
    indicator.title = "Marker Indicator Zq"
    indicator.save()
    IndicatorValue.objects.create(indicator=indicator, report=grant.report,
                                  period_start=datetime.date(2025, 1, 1),
                                  period_end=datetime.date(2025, 6, 30), value=Decimal("120"),
                                  unit="people")
    return Target("/grants/results/?year=2025", marker="Marker Indicator Zq")


APPLICATION_READERS = roles(*APPLICANTS, MANAGER, Role.REVIEWER)
GRANT_READERS = roles(*APPLICANTS, MANAGER)
APPLY = roles(*APPLICANTS)
MANAGE = roles(MANAGER)

VIEWS = [
    ProtectedView("grants-applications", lambda org, actor: Target(
        "/grants/applications/", marker=_application(org, actor).title),
        APPLICATION_READERS, object_scoped=False),
    ProtectedView("grants-applications-export", lambda org, actor: Target(
        "/grants/applications/?export=csv", marker=_application(org, actor).title),
        APPLICATION_READERS, object_scoped=False),
    ProtectedView("grants-application-detail", lambda org, actor: Target(
        f"/grants/applications/{_application(org, actor).uuid}/"), APPLICATION_READERS),
    ProtectedView("grants-application-edit", lambda org, actor: Target(
        f"/grants/applications/{_draft(org, actor).uuid}/edit/basics/"), APPLY),
    ProtectedView("grants-application-edit-budget", lambda org, actor: Target(
        f"/grants/applications/{_draft(org, actor).uuid}/edit/budget/"), APPLY),
    ProtectedView("grants-application-edit-attachments", lambda org, actor: Target(
        f"/grants/applications/{_draft(org, actor).uuid}/edit/attachments/"), APPLY),
    ProtectedView("grants-application-edit-review", lambda org, actor: Target(
        f"/grants/applications/{_draft(org, actor).uuid}/edit/review/"), APPLY),
    ProtectedView("grants-application-submit", lambda org, actor: Target(
        f"/grants/applications/{_draft(org, actor).uuid}/submit/", data={}), APPLY,
        method="post", ok_status=(302,)),
    ProtectedView("grants-application-start", lambda org, actor: Target(
        f"/grants/calls/{_call(org, actor).uuid}/apply/"), APPLY, object_scoped=False),
    ProtectedView("grants-attachment-download", lambda org, actor: Target(
        f"/grants/attachments/{_attachment(org, actor).uuid}/"), APPLICATION_READERS),
    ProtectedView("grants-attachment-delete", lambda org, actor: Target(
        f"/grants/attachments/{_attachment(org, actor).uuid}/delete/"), APPLY),
    ProtectedView("grants-application-screen", lambda org, actor: Target(
        f"/grants/applications/{_application(org, actor).uuid}/screen/"), MANAGE),
    ProtectedView("grants-application-assign", lambda org, actor: Target(
        f"/grants/applications/{_eligible(org, actor).uuid}/assign/"), MANAGE),
    ProtectedView("grants-application-decide", lambda org, actor: Target(
        f"/grants/applications/{_eligible(org, actor).uuid}/decide/"), MANAGE),
    ProtectedView("grants-review-declare", lambda org, actor: Target(
        f"/grants/reviews/{_assignment(org, actor).uuid}/"), roles(Role.REVIEWER)),
    ProtectedView("grants-review-score", lambda org, actor: Target(
        f"/grants/reviews/{_assignment(org, actor, has_conflict=False).uuid}/score/"),
        roles(Role.REVIEWER)),
    ProtectedView("grants-manage-calls", lambda org, actor: Target(
        "/grants/manage/calls/", marker=_call(org, actor).title), MANAGE, object_scoped=False),
    ProtectedView("grants-call-new", lambda org, actor: Target("/grants/manage/calls/new/"),
                  MANAGE, object_scoped=False, ok_status=(200, 302)),
    ProtectedView("grants-call-edit", lambda org, actor: Target(
        f"/grants/manage/calls/{_call(org, actor).uuid}/"), MANAGE),
    ProtectedView("grants-call-rubric", lambda org, actor: Target(
        f"/grants/manage/calls/{_call(org, actor).uuid}/rubric/"), MANAGE),
    ProtectedView("grants-call-ranking", lambda org, actor: Target(
        f"/grants/manage/calls/{_application(org, actor).call.uuid}/ranking/",
        marker="Marker Project Zq"), MANAGE),
    ProtectedView("grants-call-ranking-export", lambda org, actor: Target(
        f"/grants/manage/calls/{_call(org, actor).uuid}/ranking/?export=csv"), MANAGE),
    ProtectedView("grants-grants", lambda org, actor: Target(
        "/grants/awards/", marker=_grant(org, actor).title), GRANT_READERS, object_scoped=False),
    ProtectedView("grants-grant-detail", lambda org, actor: Target(
        f"/grants/awards/{_grant(org, actor).uuid}/"), GRANT_READERS),
    ProtectedView("grants-agreement-sign", lambda org, actor: Target(
        f"/grants/awards/{_grant(org, actor).uuid}/sign/"), MANAGE),
    ProtectedView("grants-cofinancing", lambda org, actor: Target(
        f"/grants/awards/{_grant(org, actor).uuid}/cofinancing/"), MANAGE),
    ProtectedView("grants-spending", lambda org, actor: Target(
        f"/grants/awards/{_grant(org, actor).uuid}/spending/"), GRANT_READERS),
    ProtectedView("grants-outcome-add", lambda org, actor: Target(
        f"/grants/awards/{_grant(org, actor).uuid}/outcomes/new/"), MANAGE),
    ProtectedView("grants-indicator-add", lambda org, actor: Target(
        f"/grants/outcomes/{_grant(org, actor).outcomes.first().uuid}/indicators/new/"), MANAGE),
    ProtectedView("grants-tranche-pay", lambda org, actor: Target(
        f"/grants/tranches/{_grant(org, actor).tranches.first().uuid}/pay/"), MANAGE),
    ProtectedView("grants-report-detail", lambda org, actor: Target(
        f"/grants/reports/{_grant(org, actor).report.uuid}/"), GRANT_READERS),
    ProtectedView("grants-report-review", lambda org, actor: Target(
        f"/grants/reports/{_grant(org, actor).report.uuid}/review/"), MANAGE),
    ProtectedView("grants-exchange-rates", lambda org, actor: Target("/grants/exchange-rates/"),
                  MANAGE, object_scoped=False),
    ProtectedView("grants-results", _results, roles(MANAGER, Role.ANALYST), object_scoped=False),
    ProtectedView("grants-iati", lambda org, actor: Target(
        "/grants/iati/activities.xml", marker=_grant(org, actor).title), MANAGE,
        object_scoped=False),
    ProtectedView("grants-partners", lambda org, actor: Target(
        "/grants/partners/", marker=_profile(org, actor).organisation.name), MANAGE,
        object_scoped=False),
    ProtectedView("grants-partner-new", lambda org, actor: Target("/grants/partners/new/"),
                  MANAGE, object_scoped=False),
    ProtectedView("grants-partner-detail", lambda org, actor: Target(
        f"/grants/partners/{_profile(org, actor).uuid}/"), MANAGE),
    ProtectedView("grants-partner-edit", lambda org, actor: Target(
        f"/grants/partners/{_profile(org, actor).uuid}/edit/"), MANAGE),
    ProtectedView("grants-contact-add", lambda org, actor: Target(
        f"/grants/partners/{_profile(org, actor).uuid}/contacts/new/"), MANAGE),
    ProtectedView("grants-document-add", lambda org, actor: Target(
        f"/grants/partners/{_profile(org, actor).uuid}/documents/new/"), MANAGE),
    ProtectedView("grants-document-download", lambda org, actor: Target(
        f"/grants/documents/{_document(org, actor).uuid}/"), MANAGE),
    ProtectedView("grants-capacity", lambda org, actor: Target(
        "/grants/capacity/", marker=_activity(org, actor).title), MANAGE, object_scoped=False),
    ProtectedView("grants-activity-new", lambda org, actor: Target("/grants/capacity/new/"),
                  MANAGE, object_scoped=False),
    ProtectedView("grants-module-new", lambda org, actor: Target("/grants/capacity/modules/new/"),
                  MANAGE, object_scoped=False),
    ProtectedView("grants-activity-detail", lambda org, actor: Target(
        f"/grants/capacity/{_activity(org, actor).uuid}/"), MANAGE),
]
