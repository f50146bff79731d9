from django.db import connection

from asylon.core.models import AuditEntry
from asylon.volunteers import selectors, services
from asylon.volunteers.models import Match, Stage
from asylon.volunteers.tests.factories import (
    PersonFactory,
    active_match,
    ready_volunteer,
    volunteer_member,
)


def _me(org):
    membership = volunteer_member(org)
    return membership, ready_volunteer(org, membership=membership)


def test_a_volunteer_sees_only_their_clients_and_only_the_fields_of_their_role(own_org):
    membership, volunteer = _me(own_org)  # the role shows given name, languages, phone
    mine = active_match(volunteer, PersonFactory(
        organisation=own_org, given_name="Amal", languages="Tigrinya", phone="+31 6 1234 5678",
        address="Marker Street 1", narrative="Marker narrative never for volunteers"))
    active_match(ready_volunteer(own_org), PersonFactory(organisation=own_org,
                                                         given_name="Other"))
    clients = selectors.my_clients(membership=membership)
    assert [c.match.pk for c in clients] == [mine.pk]
    assert set(clients[0].fields) == {"given_name", "languages", "phone"}
    assert ("Phone", "+31 6 1234 5678") in clients[0].labels
    assert "Marker Street 1" not in str(clients[0].labels)
    assert "narrative" not in str(clients[0].fields)


def test_each_client_shown_is_audited(own_org):
    membership, volunteer = _me(own_org)
    match = active_match(volunteer)
    selectors.my_clients(membership=membership)
    assert AuditEntry.objects.filter(action="view", object_type="people.person",
                                     object_id=str(match.person_id),
                                     user_id=membership.user_id).exists()


def test_the_client_disappears_when_the_match_ends(own_org, coordinator):
    membership, volunteer = _me(own_org)
    match = active_match(volunteer)
    services.match_end(actor=coordinator, match=match, reason="Goal reached")
    assert selectors.my_clients(membership=membership) == []


def test_the_clients_are_hidden_while_the_volunteer_is_paused(own_org, coordinator):
    membership, volunteer = _me(own_org)
    active_match(volunteer)
    services.volunteer_move(actor=coordinator, volunteer=volunteer, to_stage=Stage.PAUSED,
                            reason="time")
    assert selectors.my_clients(membership=membership) == []
    assert Match.objects.get().status == Match.Status.ACTIVE


def test_my_clients_runs_a_fixed_number_of_queries(own_org, django_assert_num_queries):
    membership, volunteer = _me(own_org)
    volunteer.role.max_clients = 5
    volunteer.role.save()
    for _ in range(3):
        active_match(volunteer)
    # matches, persons, then one audit entry per client shown (each: its savepoint, the
    # chain's lock and last hash, the insert, the release; PostgreSQL's lock takes one
    # more): the audit is the only linear part, by design.
    per_entry = 6 if connection.vendor == "postgresql" else 5
    with django_assert_num_queries(2 + 3 * per_entry):
        selectors.my_clients(membership=membership)
