"""A self-registered applicant's menu holds only what the applicant may use (issue 12)."""

import re

from asylon.core.roles import Role
from asylon.grants import services


def _menu(body: str) -> list[str]:
    nav = body[body.index('id="main-nav"'):body.index('data-testid="acting-as"')]
    return [re.sub(r"<[^>]+>", "", label).strip()
            for label in re.findall(r'class="(?:nav-link|dropdown-item)[^"]*"[^>]*>(.*?)</',
                                    nav)]


def test_registration_makes_a_grant_applicant_not_an_admin(db):
    user = services.partner_register(organisation_name="Chios Legal Aid", country="GR",
                                     city="", kind="ngo", full_name="Maria K",
                                     email="maria@chios.example", time_zone="Europe/Athens",
                                     password="a long enough passphrase")
    assert user.memberships.get().role == Role.APPLICANT


def test_the_applicants_menu_has_the_grants_and_no_casework(make_member, client_for,
                                                           other_org):
    body = client_for(make_member(Role.APPLICANT, other_org)).get("/").content.decode()
    menu = _menu(body)
    assert "Grant applications" in menu and "Grants" in menu
    for casework in ("People", "Caseload", "Import", "Audit trail", "Members"):
        assert casework not in menu


def test_the_applicant_cannot_open_casework_pages(make_member, client_for, other_org):
    client = client_for(make_member(Role.APPLICANT, other_org))
    for path in ("/people/", "/organisation/audit/"):
        assert client.get(path).status_code in (403, 404)
