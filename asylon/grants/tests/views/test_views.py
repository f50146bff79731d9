import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asylon.core.roles import Role
from asylon.grants import services
from asylon.grants.tests.factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    eligible_application,
    reviewer_for,
)


@pytest.fixture
def call(own_org):
    return CallFactory(fund=FundFactory(organisation=own_org), title="Legal aid call")


def test_portal_lists_open_calls_for_anyone(client, call):
    response = client.get("/grants/")
    assert response.status_code == 200 and "Legal aid call" in response.content.decode()


def test_portal_shows_no_closed_call(client, call):
    call.deadline = call.opens_at + datetime.timedelta(days=1)
    call.save()
    assert "Legal aid call" not in client.get("/grants/").content.decode()


def test_registration_sends_a_link_that_leads_to_the_second_factor(client, db):
    import re

    from django.core import mail
    response = client.post("/grants/register/", {
        "organisation_name": "Chios Legal Aid", "kind": "ngo", "country": "GR", "city": "",
        "website": "", "time_zone": "Europe/Athens", "full_name": "Maria K",
        "email": "maria@chios.example", "password1": "a long enough passphrase",
        "password2": "a long enough passphrase"})
    assert 'data-testid="registration-sent"' in response.content.decode()
    path = re.search(r"/accounts/activate/\S+", mail.outbox[0].body).group(0)
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/two-factor/setup/" in response["Location"]


def test_invalid_budget_line_keeps_what_was_typed(make_member, client_for, other_org, call):
    applicant = make_member(Role.CASEWORKER, other_org)
    draft = ApplicationFactory(call=call, organisation=other_org)
    response = client_for(applicant).post(f"/grants/applications/{draft.uuid}/edit/budget/", {
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0", "lines-category-0": "Rent",
        "lines-0-category": "Rent", "lines-0-amount": "twelve", "requested_amount": "20000"})
    assert response.status_code == 200
    assert 'value="twelve"' in response.content.decode()
    assert draft.budget_lines.count() == 2


def test_submit_after_deadline_shows_the_reason(make_member, client_for, other_org, call):
    applicant = make_member(Role.CASEWORKER, other_org)
    draft = ApplicationFactory(call=call, organisation=other_org)
    call.deadline = call.opens_at + datetime.timedelta(seconds=1)
    call.save()
    response = client_for(applicant).post(f"/grants/applications/{draft.uuid}/submit/",
                                          follow=True)
    assert "deadline" in response.content.decode()


def test_attachment_download_is_refused_to_another_organisation(make_member, client_for,
                                                                own_org, other_org, call):
    applicant = make_member(Role.CASEWORKER, other_org)
    draft = ApplicationFactory(call=call, organisation=other_org)
    attachment = services.attachment_add(actor=applicant, application=draft,
                                         uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    outsider = make_member(Role.CASEWORKER, own_org)
    assert client_for(outsider).get(f"/grants/attachments/{attachment.uuid}/").status_code == 404
    assert client_for(applicant).get(f"/grants/attachments/{attachment.uuid}/").status_code == 200


def test_reviewer_who_declared_a_conflict_gets_404(make_member, client_for, own_org,
                                                   other_org, call):
    application = eligible_application(call=call, organisation=other_org)
    manager = make_member(Role.GRANT_MANAGER, own_org)
    reviewer = reviewer_for(own_org)
    assignment = services.reviewer_assign(actor=manager, application=application,
                                          reviewer=reviewer)
    client = client_for(reviewer)
    client.post(f"/grants/reviews/{assignment.uuid}/", {"has_conflict": "yes", "note": "Board"})
    assert client.get(f"/grants/applications/{application.uuid}/").status_code == 404
    assert client.get(f"/grants/reviews/{assignment.uuid}/score/").status_code == 404


def test_deadline_shown_in_both_time_zones(make_member, client_for, other_org, call):
    applicant = make_member(Role.CASEWORKER, other_org)
    draft = ApplicationFactory(call=call, organisation=other_org,
                               applicant_time_zone="America/Curacao")
    page = client_for(applicant).get(f"/grants/applications/{draft.uuid}/edit/review/")
    text = page.content.decode()
    assert "Europe/Amsterdam" in text and "America/Curacao" in text


def test_grant_budget_shows_every_amount_with_digit_grouping(make_member, client_for, own_org):
    from decimal import Decimal

    from asylon.grants.tests.factories import grant_with_plan

    grant = grant_with_plan(fund=FundFactory(organisation=own_org))
    grant.line.amount = Decimal("42000")
    grant.line.save()
    client = client_for(make_member(Role.GRANT_MANAGER, own_org))
    html = client.get(f"/grants/awards/{grant.uuid}/").content.decode()
    assert "42,000.00" in html  # budget
    assert "42000" not in html.replace("42,000.00", "")  # remaining too, not raw


def test_the_applicants_time_zone_shows_its_own_clock_time(make_member, client_for, other_org,
                                                           call):
    # 16:00 UTC is 17:00 in Amsterdam and 12:00 in Curaçao; the template used to convert
    # the Curaçao time back to the server's zone and print 17:00 twice.
    call.deadline = datetime.datetime(2026, 12, 20, 16, 0, tzinfo=datetime.UTC)
    call.time_zone = "Europe/Amsterdam"
    call.save()
    applicant = make_member(Role.CASEWORKER, other_org)
    draft = ApplicationFactory(call=call, organisation=other_org,
                               applicant_time_zone="America/Curacao")
    text = client_for(applicant).get(f"/grants/applications/{draft.uuid}/edit/review/"
                                     ).content.decode()
    assert "20 Dec 2026, 17:00 (Europe/Amsterdam)" in text
    assert "20 Dec 2026, 12:00 in your time zone (America/Curacao)" in text


def test_submit_is_disabled_while_problems_are_listed(make_member, client_for, other_org, call):
    applicant = make_member(Role.CASEWORKER, other_org)
    draft = ApplicationFactory(call=call, organisation=other_org, title="")
    text = client_for(applicant).get(f"/grants/applications/{draft.uuid}/edit/review/"
                                     ).content.decode()
    assert 'data-testid="problems"' in text
    assert 'data-testid="submit" disabled' in text


def test_the_requested_amount_is_grouped_everywhere(make_member, client_for, other_org, call):
    from decimal import Decimal
    applicant = make_member(Role.CASEWORKER, other_org)
    draft = ApplicationFactory(call=call, organisation=other_org,
                               requested_amount=Decimal("38000"))
    client = client_for(applicant)
    for url in (f"/grants/applications/{draft.uuid}/edit/review/", "/grants/applications/"):
        text = client.get(url).content.decode()
        assert "38,000.00" in text and "38000.00" not in text


def test_eligible_countries_are_named(client, call):
    call.eligible_countries = ["CW", "GR"]
    call.save()
    text = client.get(f"/grants/calls/{call.uuid}/").content.decode()
    assert "Curaçao" in text and "Greece" in text


def test_an_attachment_shows_its_kind_not_its_mime_type(make_member, client_for, other_org,
                                                        call):
    from asylon.grants.models import Attachment
    applicant = make_member(Role.CASEWORKER, other_org)
    draft = ApplicationFactory(call=call, organisation=other_org)
    Attachment.objects.create(application=draft, original_name="plan.docx", size=2048,
                              content_type="application/vnd.openxmlformats-officedocument."
                                           "wordprocessingml.document", file="x.docx")
    text = client_for(applicant).get(f"/grants/applications/{draft.uuid}/edit/review/"
                                     ).content.decode()
    assert "DOCX" in text and "wordprocessingml" not in text


def test_a_decision_is_previewed_before_it_is_recorded_and_sent(make_member, client_for,
                                                                own_org, other_org, call,
                                                                mailoutbox):
    from asylon.grants.models import PanelDecision
    application = eligible_application(call=call, organisation=other_org)
    client = client_for(make_member(Role.GRANT_MANAGER, own_org))
    data = {"decision": "award", "amount": "20000", "minutes": "Strong legal aid plan."}
    preview = client.post(f"/grants/applications/{application.uuid}/decide/", data)
    text = preview.content.decode()
    assert 'data-testid="letter-preview"' in text and "20,000.00" in text
    assert not PanelDecision.objects.exists() and not mailoutbox
    client.post(f"/grants/applications/{application.uuid}/decide/", {**data, "confirm": "1"})
    assert PanelDecision.objects.count() == 1
