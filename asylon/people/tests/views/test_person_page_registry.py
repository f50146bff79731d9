"""The person-page registry: actions and panels contributed by other domains."""

import pytest

from asylon.core.roles import Role
from asylon.people import page
from asylon.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    def actions(person, membership):
        return [page.PersonAction(label="Zq plan a visit", url="/zq/visit/",
                                  permission="people.change_person"),
                page.PersonAction(label="Zq secret", url="/zq/secret/",
                                  permission="casework.configure")]

    def panel(person, membership):
        return page.PersonPanel(key="zqpanel", title="Zq visits",
                                template="people/includes/person_fields.html",
                                permission="people.view_person")

    page.register_action(actions)
    page.register_panel(panel)
    yield
    page.unregister(actions)
    page.unregister(panel)


def test_actions_are_shown_only_with_their_permission(registered, caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation)
    body = client_for(caseworker).get(f"/people/{person.uuid}/").content.decode()
    assert 'href="/zq/visit/"' in body and "Zq plan a visit" in body
    assert "Zq secret" not in body


def test_panels_are_shown_with_their_title(registered, caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation)
    body = client_for(caseworker).get(f"/people/{person.uuid}/").content.decode()
    assert 'id="zqpanel"' in body and "Zq visits" in body


def test_no_actions_on_an_anonymised_record(registered, caseworker):
    from django.utils import timezone
    person = PersonFactory(organisation=caseworker.organisation, anonymised_at=timezone.now())
    assert page.actions_for(person, caseworker) == []


def test_actions_follow_the_role(registered, own_org, make_member):
    person = PersonFactory(organisation=own_org)
    officer = make_member(Role.ORG_ADMIN, own_org)
    labels = [a.label for a in page.actions_for(person, officer)]
    assert "Zq plan a visit" in labels and "Zq secret" in labels
    assert page.actions_for(person, None) == []
