"""Issue 11, item 3 (and issue 12's audit part): every page that shows a person writes a
view entry through one mechanism; refused cross-organisation attempts are recorded
without flooding the chain; the audit page names records, filters and folds reads."""

import pytest

from asylon.casework.tests.factories import open_case
from asylon.core import audit
from asylon.core.models import AuditEntry
from asylon.core.roles import Role
from asylon.people.tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    PersonFactory,
)


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    from django.core.cache import cache
    cache.clear()


@pytest.fixture
def caseworker(own_org, make_member):
    return make_member(Role.CASEWORKER, own_org)


def _views_of(obj):
    return AuditEntry.objects.filter(action="view", object_type=obj._meta.label_lower,
                                     object_id=str(obj.pk)).count()


@pytest.mark.parametrize("page", ["{p}/", "{p}/edit/", "{p}/export/", "{p}/merge/",
                                  "{p}/documents/add/"])
def test_each_page_of_a_person_writes_a_view_entry(page, caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation)
    url = "/people/" + page.format(p=person.uuid)
    assert client_for(caseworker).get(url).status_code == 200
    assert _views_of(person) == 1


def test_the_merge_page_records_both_records(caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation)
    other = PersonFactory(organisation=caseworker.organisation)
    client_for(caseworker).get(f"/people/{person.uuid}/merge/{other.uuid}/")
    assert _views_of(person) == 1 and _views_of(other) == 1


def test_the_household_page_records_the_household(caseworker, client_for):
    household = HouseholdFactory(organisation=caseworker.organisation)
    HouseholdMemberFactory(household=household,
                           person=PersonFactory(organisation=caseworker.organisation))
    client_for(caseworker).get(f"/people/households/{household.uuid}/")
    assert _views_of(household) == 1


def test_the_duplicate_check_fragment_records_the_matches_it_shows(caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation, given_name="Samira",
                           family_name="Kouri", given_name_latin="Samira",
                           family_name_latin="Kouri")
    response = client_for(caseworker).post("/people/register/check/", {
        "given_name": "Samira", "family_name": "Kouri"})
    assert "Samira" in response.content.decode()
    assert _views_of(person) == 1


def test_the_case_page_records_the_case_once(caseworker, client_for):
    case = open_case(actor=caseworker)
    client_for(caseworker).get(f"/cases/{case.uuid}/")
    assert _views_of(case) == 1


def test_a_save_that_redirects_is_not_a_view(caseworker, client_for):
    person = PersonFactory(organisation=caseworker.organisation)
    client_for(caseworker).post(f"/people/{person.uuid}/consent/",
                                {"purpose": "export", "action": "give"})
    assert _views_of(person) == 0


def test_another_organisations_person_is_refused_and_recorded(caseworker, client_for,
                                                              other_org):
    stranger = PersonFactory(organisation=other_org)
    response = client_for(caseworker).get(f"/people/{stranger.uuid}/")
    assert response.status_code == 404
    entry = AuditEntry.objects.get(action="access_refused")
    assert (entry.object_type, entry.object_id) == ("people.person", str(stranger.pk))
    assert entry.organisation_id == caseworker.organisation_id
    assert _views_of(stranger) == 0


def test_a_guess_at_an_id_that_does_not_exist_is_not_recorded(caseworker, client_for):
    import uuid
    client_for(caseworker).get(f"/people/{uuid.uuid4()}/")
    assert not AuditEntry.objects.filter(action="access_refused").exists()


def test_probing_is_recorded_at_powers_of_ten_not_per_attempt(caseworker, client_for,
                                                              other_org):
    strangers = [PersonFactory(organisation=other_org) for _ in range(3)]
    client = client_for(caseworker)
    for n in range(120):
        client.get(f"/people/{strangers[n % 3].uuid}/")
    refused = list(AuditEntry.objects.filter(action="access_refused").order_by("id")
                   .values_list("repeats", flat=True))
    assert refused == [1, 10, 100]
    assert audit.verify_chain().ok


def test_repeated_reads_fold_into_one_line_with_a_count(caseworker, own_org, make_member,
                                                        client_for):
    person = PersonFactory(organisation=own_org, given_name="Rania")
    client = client_for(caseworker)
    for _ in range(3):
        client.get(f"/people/{person.uuid}/")
    assert _views_of(person) == 3  # the chain keeps each read
    admin = make_member(Role.ORG_ADMIN, own_org)
    body = client_for(admin).get("/organisation/audit/?action=view").content.decode()
    assert body.count('data-testid="folded"') == 1
    assert "3 times" in body


def test_the_audit_page_names_and_links_records_the_reader_may_see(caseworker, own_org,
                                                                   make_member, client_for):
    person = PersonFactory(organisation=own_org, given_name="Rania", family_name="Saleh")
    client_for(caseworker).get(f"/people/{person.uuid}/")
    admin = make_member(Role.ORG_ADMIN, own_org)
    body = client_for(admin).get("/organisation/audit/").content.decode()
    assert f'href="/people/{person.uuid}/"' in body
    assert "Rania" in body


def test_the_audit_page_never_names_another_organisations_record(caseworker, other_org,
                                                                 own_org, make_member,
                                                                 client_for):
    stranger = PersonFactory(organisation=other_org, given_name="Zq-Hidden-Name")
    client_for(caseworker).get(f"/people/{stranger.uuid}/")
    admin = make_member(Role.ORG_ADMIN, own_org)
    body = client_for(admin).get("/organisation/audit/").content.decode()
    assert "access_refused" in body and "Zq-Hidden-Name" not in body


def test_the_trail_of_one_person_includes_their_cases(caseworker, own_org, make_member,
                                                      client_for):
    case = open_case(actor=caseworker)
    someone_else = PersonFactory(organisation=own_org)
    client = client_for(caseworker)
    client.get(f"/cases/{case.uuid}/")
    client.get(f"/people/{case.person.uuid}/")
    client.get(f"/people/{someone_else.uuid}/")
    admin = make_member(Role.ORG_ADMIN, own_org)
    response = client_for(admin).get(f"/organisation/audit/?person={case.person.uuid}")
    rows = response.context["page"].object_list
    about = {(e.object_type, e.object_id) for e in rows}
    assert ("casework.case", str(case.pk)) in about
    assert ("people.person", str(case.person.pk)) in about
    assert ("people.person", str(someone_else.pk)) not in about


def test_the_trail_of_one_record(caseworker, own_org, make_member, client_for):
    first, second = PersonFactory(organisation=own_org), PersonFactory(organisation=own_org)
    client = client_for(caseworker)
    client.get(f"/people/{first.uuid}/")
    client.get(f"/people/{second.uuid}/")
    admin = make_member(Role.ORG_ADMIN, own_org)
    response = client_for(admin).get(
        f"/organisation/audit/?object_type=people.person&object_id={first.pk}")
    assert [e.object_id for e in response.context["page"].object_list] == [str(first.pk)]


def test_the_audit_page_speaks_the_readers_language(caseworker, own_org, make_member,
                                                    client_for):
    """Seen in Dutch (issue 12): actions were codes ("view"), moments "2-12-2026 14:51",
    and the hidden person filter showed a bare English label "Person"."""
    import re
    person = PersonFactory(organisation=own_org)
    client_for(caseworker).get(f"/people/{person.uuid}/")
    admin = make_member(Role.ORG_ADMIN, own_org)
    admin.user.language = "nl"
    admin.user.save(update_fields=["language"])
    body = client_for(admin).get("/organisation/audit/").content.decode()
    assert re.search(r'<td data-label="Actie">inzage', body), body
    assert '<option value="view">inzage</option>' in body
    assert re.search(r'<td class="text-nowrap" data-label="Wanneer">\d{1,2} [a-z]{3,4}\.? '
                     r"\d{4}, \d{2}:\d{2}</td>", body)
    assert not re.search(r"\d{1,2}-\d{1,2}-\d{4} \d{2}:\d{2}", body)
    assert ">Person<" not in body and 'name="person"' in body
