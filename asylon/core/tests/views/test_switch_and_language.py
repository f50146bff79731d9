import pytest

from asylon.core.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_hats(own_org, other_org, make_member):
    """A caseworker of own_org who is also admin of other_org."""
    first = make_member("caseworker", own_org)
    second = Membership.objects.create(user=first.user, organisation=other_org, role="org_admin")
    return first, second


def test_switching_changes_the_acting_organisation(two_hats, client_for):
    first, second = two_hats
    client = client_for(first.user.memberships.first())
    assert client.get("/organisation/members/").status_code == 403
    client.post("/organisation/switch/", {"membership": second.pk})
    assert client.get("/organisation/members/").status_code == 200


def test_switch_is_remembered_on_the_account(two_hats, client_for):
    first, second = two_hats
    client_for(first).post("/organisation/switch/", {"membership": second.pk})
    first.user.refresh_from_db()
    assert first.user.active_membership_id == second.pk


def test_cannot_switch_into_a_foreign_membership(two_hats, other_org, make_member, client_for):
    first, _ = two_hats
    stranger = make_member("org_admin", other_org)
    response = client_for(first).post("/organisation/switch/", {"membership": stranger.pk})
    assert response.status_code == 403


def test_switch_with_garbage_is_not_found(two_hats, client_for):
    first, _ = two_hats
    assert client_for(first).post("/organisation/switch/",
                                  {"membership": "x"}).status_code == 404


def test_language_choice_is_remembered_on_the_account(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    client_for(member).post("/i18n/language/", {"language": "ar", "next": "/"})
    member.user.refresh_from_db()
    assert member.user.language == "ar"


def test_arabic_pages_are_right_to_left(own_org, make_member, client_for):
    member = make_member("caseworker", own_org, language="ar")
    body = client_for(member).get("/").content.decode()
    assert 'dir="rtl"' in body and 'lang="ar"' in body
    assert "bootstrap.rtl.min.css" in body


def test_dutch_pages_are_translated(own_org, make_member, client_for):
    member = make_member("caseworker", own_org, language="nl")
    assert "Uitloggen" in client_for(member).get("/").content.decode()


def test_unknown_language_is_ignored(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    response = client_for(member).post("/i18n/language/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    member.user.refresh_from_db()
    assert member.user.language == "en"


def test_language_redirect_stays_on_this_site(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    response = client_for(member).post("/i18n/language/",
                                       {"language": "nl", "next": "https://evil.example/"})
    assert response["Location"] == "/"
