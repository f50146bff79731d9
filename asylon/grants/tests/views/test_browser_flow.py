"""The whole path in a real browser: apply, screen, review, award, pay, report, results."""

import datetime

import pytest

from asylon.core.roles import Role
from asylon.grants.models import Report
from asylon.grants.tests.factories import CallFactory, FundFactory, reviewer_for
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user):
    # The same person signs in twice within one TOTP window here; django-otp rightly
    # refuses a replayed code, so forget the last one used.
    from django_otp.plugins.otp_totp.models import TOTPDevice
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    browser_login(page, user)


def sign_out(page):
    # Leaving the session behind is enough here: the next person signs in afresh.
    page.context.clear_cookies()


def test_apply_review_award_pay_report_and_results(page, make_member, own_org, other_org):
    call = CallFactory(fund=FundFactory(organisation=own_org), title="Border legal aid call",
                       required_attachments=1)
    applicant = make_member(Role.ORG_ADMIN, other_org, full_name="Eleni Applicant")
    manager = make_member(Role.GRANT_MANAGER, own_org, full_name="Marieke Manager")
    reviewers = [reviewer_for(own_org, user__full_name=name)
                 for name in ("Elena Reviewer", "Tomas Reviewer")]

    # The partner applies: draft in steps, an attachment, then submission.
    sign_in(page, applicant.user)
    page.goto(f"/grants/calls/{call.uuid}/")
    page.get_by_role("link", name="Apply").click()
    page.get_by_role("button", name="Start a draft").click()
    page.get_by_label("Project title").fill("Legal aid on Lesvos")
    page.get_by_label("Summary").fill("Lawyers for people arriving by boat.")
    page.locator("select[name=country]").select_option("GR")
    page.get_by_label("Start date").fill("2026-01-01")
    page.get_by_label("Duration (months)").fill("12")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Who benefits?").fill("People arriving on Lesvos.")
    page.get_by_role("button", name="Save and continue").click()
    page.locator('[name="lines-0-category"]').fill("Staff")
    page.locator('[name="lines-0-amount"]').fill("15000")
    page.locator('[name="lines-1-category"]').fill("Travel")
    page.locator('[name="lines-1-amount"]').fill("5000")
    page.get_by_label("Total amount requested").fill("20000")
    page.get_by_role("button", name="Save and continue").click()
    page.set_input_files('input[type="file"]', files=[{
        "name": "plan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 project plan"}])
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("plan.pdf").first.wait_for()
    page.get_by_role("link", name="Continue").click()
    page.get_by_role("button", name="Submit application").click()
    assert page.get_by_test_id("status").inner_text() == "Submitted"
    application_url = page.url
    sign_out(page)

    # The grant manager screens and assigns two reviewers.
    sign_in(page, manager.user)
    page.goto(application_url)
    page.get_by_label("Eligible: send to review").check()
    page.get_by_role("button", name="Record screening").click()
    for reviewer in reviewers:
        page.get_by_label("Reviewer").select_option(label=reviewer.user.full_name)
        page.get_by_role("button", name="Assign reviewer").click()
        page.get_by_text("Reviewer assigned.").wait_for()
    sign_out(page)

    # Each reviewer declares no conflict, then scores independently.
    for reviewer, score in zip(reviewers, ("4", "5"), strict=True):
        sign_in(page, reviewer.user)
        page.goto("/grants/applications/")
        page.get_by_role("link", name="Declare and review").click()
        page.get_by_label("No, I have no conflict of interest").check()
        page.get_by_role("button", name="Confirm my declaration").click()
        page.get_by_label("Relevance: score").fill(score)
        page.get_by_label("Feasibility: score").fill(score)
        page.get_by_role("button", name="Save scores").click()
        page.get_by_text("Your scores were saved.").wait_for()
        sign_out(page)

    # The panel awards; the agreement is signed; the first tranche is paid.
    sign_in(page, manager.user)
    page.goto(application_url)
    page.get_by_label("Award", exact=True).check()
    page.get_by_label("Amount awarded").fill("20000")
    page.get_by_label("Minutes of the panel").fill("Strong local roots; award in full.")
    page.get_by_role("button", name="Record decision and send letter").click()
    # The letter is previewed before anything is sent.
    page.get_by_test_id("letter-preview").wait_for()
    if page.get_by_label("The panel discussed the diverging scores.").count():
        page.get_by_label("The panel discussed the diverging scores.").check()
    page.get_by_role("button", name="Send the decision").click()
    page.get_by_role("link", name="Open the grant").click()
    grant_url = page.url
    page.get_by_role("link", name="Record the signed agreement").click()
    page.get_by_role("button", name="Record signature").click()
    page.get_by_role("link", name="Pay tranche 1").click()
    page.get_by_role("button", name="Record payment").click()
    page.get_by_text("Payment recorded.").wait_for()
    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_label("Outcome").fill("Refugees know their rights")
    page.get_by_role("button", name="Add outcome").click()
    page.get_by_role("link", name="Add an indicator").click()
    page.get_by_label("Indicator").fill("Refugees given legal advice")
    page.get_by_label("Unit").select_option("people")
    page.get_by_label("Target").fill("400")
    page.get_by_role("button", name="Add indicator").click()
    sign_out(page)

    # The partner submits the interim report with an indicator value.
    sign_in(page, applicant.user)
    page.goto(grant_url)
    page.get_by_role("link", name="Interim report", exact=True).click()
    page.get_by_label("Narrative").fill("We advised 120 people in the first half year.")
    page.get_by_label("Refugees given legal advice: actual this period").fill("120")
    page.get_by_role("button", name="Submit report").click()
    page.get_by_text("Report submitted.").wait_for()
    sign_out(page)

    # The grant manager approves it; the annual results show the total.
    sign_in(page, manager.user)
    report = Report.objects.get(title="Interim report")
    page.goto(f"/grants/reports/{report.uuid}/")
    page.get_by_label("Approve", exact=True).check()
    page.get_by_role("button", name="Save review").click()
    page.get_by_text("Report reviewed.").wait_for()
    page.goto(f"/grants/results/?year={report.period_end.year}")
    totals = page.get_by_test_id("indicator-totals").inner_text()
    assert "Refugees given legal advice" in totals and "120" in totals
    assert datetime.date.today().year > 2000
