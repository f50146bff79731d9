"""Issue 11, item 8: the inputs that answered 500 answer a message (or are ignored, for
filters), with the bounds and id checks of core.validation in one place."""

import pytest
from django import forms
from django.utils import timezone

from asylon.casework.models import Case
from asylon.casework.tests.factories import PersonFactory, stage
from asylon.core import validation
from asylon.core.models import Organisation
from asylon.core.roles import Role

HUGE = "9" * 30


@pytest.fixture
def caseworker(own_org, make_member):
    return make_member(Role.CASEWORKER, own_org)


def test_a_huge_id_in_a_multi_select_is_a_form_error(caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation)
    response = client_for(caseworker).post(f"/cases/open/?person={person.uuid}", {
        "person": str(person.uuid), "track": stage("asylum-gr", "registered").track_id,
        "opened_on": timezone.localdate().isoformat(), "responsible": caseworker.user_id,
        "team": [HUGE, str(caseworker.user_id)]})
    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()
    assert not Case.objects.exists()


def test_a_huge_id_in_a_single_select_is_a_form_error(caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation)
    response = client_for(caseworker).post(f"/cases/open/?person={person.uuid}", {
        "person": str(person.uuid), "track": HUGE,
        "opened_on": timezone.localdate().isoformat(), "responsible": HUGE})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_every_integer_field_of_every_form_is_bounded():
    field = forms.IntegerField()
    with pytest.raises(forms.ValidationError):
        field.clean(HUGE)
    assert forms.IntegerField(max_value=10).max_value == 10


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_every_date_field_refuses_dates_no_one_means(value):
    with pytest.raises(forms.ValidationError) as error:
        forms.DateField().clean(value)
    assert "between 1900 and 2199" in str(error.value)


def test_text_with_a_nul_byte_is_refused_with_a_message():
    with pytest.raises(forms.ValidationError) as error:
        forms.CharField().clean("Had\x00dad")
    assert "control characters" in str(error.value)


def test_ids_are_checked_before_the_database(db):
    assert not validation.valid_id(Organisation, HUGE)
    assert not validation.valid_id(Organisation, "abc")
    assert validation.valid_id(Organisation, "12")


@pytest.mark.parametrize("url", ["/organisation/members/?active=maybe",
                                 "/organisation/members/?role=" + HUGE])
def test_a_filter_value_the_field_cannot_hold_filters_nothing(url, own_org, make_member,
                                                              client_for):
    admin = make_member(Role.ORG_ADMIN, own_org)
    response = client_for(admin).get(url)
    assert response.status_code == 200
    assert admin.user.email in response.content.decode()


@pytest.mark.parametrize("url", ["/grants/applications/?call=abc",
                                 f"/grants/applications/?call={HUGE}",
                                 "/grants/manage/calls/?fund=abc",
                                 "/grants/results/?year=0", "/grants/results/?year=99999"])
def test_grant_filters_with_bad_values_answer_the_page(url, own_org, make_member,
                                                       client_for):
    manager = make_member(Role.GRANT_MANAGER, own_org)
    assert client_for(manager).get(url).status_code == 200


@pytest.mark.parametrize("query", ["?start=0001-01-01", "?start=99999-01-01", "?week=abc",
                                   f"?month={HUGE}"])
def test_calendar_filters_with_bad_dates_answer_the_page(query, caseworker, client_for):
    assert client_for(caseworker).get(f"/cases/calendar/{query}").status_code == 200
