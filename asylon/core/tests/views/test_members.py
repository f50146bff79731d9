import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone

from asylon.core.models import Invitation, Membership, User

pytestmark = pytest.mark.django_db


def _invite(client, email="new.colleague@example.org", role="caseworker"):
    # The invitation e-mail goes out only once the transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/organisation/members/invite/", {"email": email, "role": role})


def _link_from_mail() -> str:
    return re.search(r"http://\S+/invite/(\S+)/", mail.outbox[-1].body).group(0)


def test_invitation_is_mailed_with_a_link(admin, client_for):
    response = _invite(client_for(admin))
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new.colleague@example.org"]
    assert "/invite/" in mail.outbox[-1].body


def test_only_a_hash_of_the_token_is_stored(admin, client_for):
    _invite(client_for(admin))
    token = _link_from_mail().rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_invalid_invite_keeps_what_was_typed(admin, client_for):
    response = client_for(admin).post("/organisation/members/invite/",
                                      {"email": "not-an-address", "role": "caseworker"})
    assert response.status_code == 200
    assert 'value="not-an-address"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_accepting_creates_the_account_and_membership(admin, client_for):
    _invite(client_for(admin))
    path = _link_from_mail().split("8000", 1)[-1]
    visitor = Client()
    response = visitor.post(path, {"full_name": "Nadia Karimi",
                                   "password1": "a long passphrase 2026",
                                   "password2": "a long passphrase 2026"})
    assert response["Location"] == "/accounts/two-factor/setup/"
    user = User.objects.get(email="new.colleague@example.org")
    assert Membership.objects.get(user=user).role == "caseworker"


def test_weak_password_is_refused_on_acceptance(admin, client_for):
    _invite(client_for(admin))
    path = _link_from_mail().split("8000", 1)[-1]
    response = Client().post(path, {"full_name": "Nadia Karimi", "password1": "12345678",
                                    "password2": "12345678"})
    assert response.status_code == 200
    assert 'value="Nadia Karimi"' in response.content.decode()
    assert not User.objects.filter(email="new.colleague@example.org").exists()


def test_expired_invitation_is_refused(admin, client_for):
    _invite(client_for(admin))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    path = _link_from_mail().split("8000", 1)[-1]
    assert Client().get(path).status_code == 404


def test_withdrawn_invitation_is_refused(admin, client_for):
    client = client_for(admin)
    _invite(client)
    client.post(f"/organisation/invitations/{Invitation.objects.get().pk}/revoke/")
    path = _link_from_mail().split("8000", 1)[-1]
    assert Client().get(path).status_code == 404


def test_admin_changes_a_role(admin, own_org, make_member, client_for):
    member = make_member("volunteer", own_org)
    client_for(admin).post(f"/organisation/members/{member.pk}/", {"role": "caseworker"})
    member.refresh_from_db()
    assert member.role == "caseworker"


def test_last_admin_cannot_step_down(admin, client_for):
    response = client_for(admin).post(f"/organisation/members/{admin.pk}/", {"role": "analyst"})
    assert "at least one active admin" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == "org_admin"


def test_deactivation_asks_for_confirmation_first(admin, own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    response = client_for(admin).get(f"/organisation/members/{member.pk}/deactivate/")
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.is_active


def test_deactivated_member_loses_access(admin, own_org, make_member, client_for):
    member = make_member("org_admin", own_org)
    member_client = client_for(member)
    client_for(admin).post(f"/organisation/members/{member.pk}/deactivate/")
    assert member_client.get("/organisation/members/").status_code == 403


def test_member_list_searches_by_name(admin, own_org, make_member, client_for):
    make_member("caseworker", own_org, full_name="Ahmad Rahimi")
    make_member("caseworker", own_org, full_name="Birgit Olsen")
    body = client_for(admin).get("/organisation/members/?q=rahimi").content.decode()
    assert "Ahmad Rahimi" in body and "Birgit Olsen" not in body


def test_member_list_exports_xlsx(admin, client_for):
    response = client_for(admin).get("/organisation/members/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


MEMBERS_PAGE_QUERIES = 11  # measured: 11 with two members and with six


def test_member_list_costs_the_same_queries_with_more_members(admin, own_org, make_member,
                                                             client_for,
                                                             django_assert_num_queries):
    """Exact, with two members and with six: a query per row would fail here."""
    client = client_for(admin)
    for more in (1, 4):  # the admin and one more, then six
        for _ in range(more):
            make_member("caseworker", own_org)
        with django_assert_num_queries(MEMBERS_PAGE_QUERIES):
            assert client.get("/organisation/members/").status_code == 200


@pytest.mark.django_db
def test_invitation_create_makes_an_open_audited_invitation_without_mail(mailoutbox):
    from asylon.core import services
    from asylon.core.models import AuditEntry, Invitation
    from asylon.core.roles import Role
    from asylon.core.tests.factories import MembershipFactory, OrganisationFactory
    actor = MembershipFactory()
    other = OrganisationFactory()
    first = services.invitation_create(actor=actor, organisation=other,
                                       email="Contact@Partner.test", role=Role.ORG_ADMIN)
    second = services.invitation_create(actor=actor, organisation=other,
                                        email="contact@partner.test", role=Role.ORG_ADMIN)
    assert second.link.endswith(f"/{second.token}/") and second.email == "contact@partner.test"
    assert services.invitation_by_token(second.token) == second
    assert services.invitation_by_token(first.token) is None  # the earlier one is revoked
    assert Invitation.objects.get(pk=second.pk).organisation == other
    assert AuditEntry.objects.filter(action="invite", object_id=str(second.pk)).exists()
    assert mailoutbox == []
