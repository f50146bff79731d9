"""The foundation's flows in a real Chromium: sign-in with a second factor, switching
organisation, Arabic right to left, and the wall between organisations."""

import pytest

from asylon.core.models import Membership
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_second_factor_reaches_the_dashboard(page, own_org, make_member):
    member = make_member("caseworker", own_org, full_name="Hanna Berg")
    browser_login(page, member.user)
    assert page.get_by_role("heading", name="Welcome, Hanna").is_visible()
    assert "Own Refugee Council" in page.get_by_test_id("acting-as").inner_text()


def test_wrong_code_keeps_the_user_out(page, own_org, make_member):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from asylon.core.tests.factories import PASSWORD
    member = make_member("caseworker", own_org)
    TOTPDevice.objects.create(user=member.user, name="app", confirmed=True)
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    assert page.get_by_text("That code is not valid").is_visible()
    page.goto("/organisation/members/")
    assert "/accounts/two-factor/" in page.url


def test_switching_organisation_changes_what_the_menu_offers(page, own_org, other_org,
                                                              make_member):
    member = make_member("caseworker", own_org)
    Membership.objects.create(user=member.user, organisation=other_org, role="org_admin")
    browser_login(page, member.user)
    assert page.get_by_role("link", name="Members").count() == 0
    page.get_by_test_id("acting-as").click()
    page.get_by_label("Act for organisation").select_option(label="Other Legal Aid")
    page.get_by_role("button", name="Switch").click()
    assert "Other Legal Aid" in page.get_by_test_id("acting-as").inner_text()
    page.get_by_role("link", name="Members").first.click()
    assert page.get_by_role("heading", name="Members").is_visible()


def test_arabic_mirrors_the_layout(page, own_org, make_member):
    member = make_member("caseworker", own_org)
    browser_login(page, member.user)
    page.get_by_label("Language").select_option("ar")
    page.get_by_test_id("set-language").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2, "the brand sits on the right in RTL"
    page.get_by_test_id("acting-as").click()
    assert page.get_by_role("button", name="تسجيل الخروج").is_visible()


def test_caseworker_cannot_open_another_organisations_admin_pages(page, own_org, other_org,
                                                                  make_member):
    member = make_member("caseworker", own_org)
    foreign = make_member("caseworker", other_org)
    browser_login(page, member.user)
    response = page.goto(f"/organisation/members/{foreign.pk}/")
    assert response.status == 403
    response = page.goto("/organisation/audit/")
    assert response.status == 403
    page.goto("/admin/")
    assert "/admin/login/" in page.url


def test_admin_cannot_reach_another_organisations_member(page, own_org, other_org, make_member):
    admin = make_member("org_admin", own_org)
    foreign = make_member("caseworker", other_org)
    browser_login(page, admin.user)
    response = page.goto(f"/organisation/members/{foreign.pk}/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()


def test_login_page_fits_a_small_phone(phone_page):
    phone_page.goto("/accounts/login/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    # Keyboard users start in the e-mail field, and Tab shows where focus is.
    assert phone_page.evaluate("document.activeElement.id") == "id_username"
    phone_page.keyboard.press("Tab")
    outline = phone_page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_dashboard_loads_without_console_errors_or_failed_requests(page, own_org, make_member):
    errors, failed = [], []
    browser_login(page, make_member("caseworker", own_org).user)
    # Listen only once the sign-in pages have settled: a navigation cancels whatever
    # the page before it was still fetching (e.g. its favicon), which is no error.
    page.wait_for_load_state("networkidle")
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.reload()
    page.wait_for_load_state("networkidle")
    assert (errors, failed) == ([], [])


def test_chart_labels_wrap_on_a_phone_and_the_chart_grows(phone_page):
    phone_page.goto("/accounts/login/")  # any page: asylon.js is on every one
    phone_page.wait_for_load_state()
    result = phone_page.evaluate("""() => {
        const box = document.createElement("div");
        box.className = "chart-box";
        const canvas = document.createElement("canvas");
        box.appendChild(canvas);
        document.querySelector("main").appendChild(box);
        const labels = window.Asylon.fitLabels(
            canvas, ["Refugees given legal advice on the islands (people)", "Visits"], 280);
        return {labels, height: box.getBoundingClientRect().height};
    }""")
    long_label, short_label = result["labels"]
    assert isinstance(long_label, list) and len(long_label) > 1
    assert " ".join(long_label) == "Refugees given legal advice on the islands (people)"
    assert short_label == "Visits"
    assert result["height"] >= 280
