"""The calendar: bounded pages, the user's own items by default, filters that cannot 500."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from asylon.casework.calendar import PAGE_SIZE
from asylon.casework.models import Appointment, GroupSession, Task
from asylon.casework.tests.factories import open_case


def _monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def _tasks(case, assignee, n, day):
    Task.objects.bulk_create([Task(organisation=case.organisation, case=case, title=f"Call {i}",
                                   due_on=day, assignee=assignee) for i in range(n)])


def test_a_user_with_thousands_of_items_gets_one_bounded_page(own_org, make_member,
                                                              client_for):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    _tasks(case, member.user, 3000, _monday())
    response = client_for(member).get("/cases/calendar/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("Call ") == PAGE_SIZE
    assert "Later items" in body
    assert "3000 items" in body or "3,000 items" in body


def test_the_second_page_continues_where_the_first_ended(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    _tasks(case, member.user, PAGE_SIZE + 3, _monday())
    body = client_for(member).get("/cases/calendar/?page=2").content.decode()
    assert body.count("Call ") == 3


def test_by_default_only_my_own_items_show(own_org, make_member, client_for):
    me, colleague = make_member("caseworker", own_org), make_member("caseworker", own_org)
    mine, theirs = open_case(actor=me), open_case(actor=colleague)
    Task.objects.create(organisation=own_org, case=mine, title="Mine Qx", due_on=_monday(),
                        assignee=me.user)
    Task.objects.create(organisation=own_org, case=theirs, title="Theirs Qx",
                        due_on=_monday(), assignee=colleague.user)
    body = client_for(me).get("/cases/calendar/").content.decode()
    assert "Mine Qx" in body and "Theirs Qx" not in body


def test_the_whole_organisation_on_request(own_org, make_member, client_for):
    me, colleague = make_member("caseworker", own_org), make_member("caseworker", own_org)
    Task.objects.create(organisation=own_org, case=open_case(actor=colleague),
                        title="Theirs Qx", due_on=_monday(), assignee=colleague.user)
    body = client_for(me).get("/cases/calendar/?who=team").content.decode()
    assert "Theirs Qx" in body


def test_one_colleagues_items(own_org, make_member, client_for):
    me, colleague = make_member("caseworker", own_org), make_member("caseworker", own_org)
    Task.objects.create(organisation=own_org, case=open_case(actor=colleague),
                        title="Theirs Qx", due_on=_monday(), assignee=colleague.user)
    body = client_for(me).get(f"/cases/calendar/?who={colleague.pk}").content.decode()
    assert "Theirs Qx" in body


def test_a_colleague_of_another_organisation_cannot_be_chosen(own_org, other_org, make_member,
                                                              client_for):
    me, stranger = make_member("caseworker", own_org), make_member("caseworker", other_org)
    Task.objects.create(organisation=other_org, case=open_case(actor=stranger),
                        title="Foreign Qx", due_on=_monday(), assignee=stranger.user)
    response = client_for(me).get(f"/cases/calendar/?who={stranger.pk}")
    assert response.status_code == 200 and "Foreign Qx" not in response.content.decode()


def test_group_sessions_are_in_the_calendar(own_org, make_member, client_for):
    me = make_member("caseworker", own_org)
    GroupSession.objects.create(organisation=own_org, topic="Dublin rules Qx", date=_monday(),
                                place="Office", language="ar", facilitator=me.user)
    body = client_for(me).get("/cases/calendar/").content.decode()
    assert "Dublin rules Qx" in body


def test_filter_by_kind(own_org, make_member, client_for):
    me = make_member("caseworker", own_org)
    case = open_case(actor=me)
    Task.objects.create(organisation=own_org, case=case, title="Task Qx", due_on=_monday(),
                        assignee=me.user)
    start = timezone.make_aware(datetime.combine(_monday(), time(10)))
    appointment = Appointment.objects.create(organisation=own_org, case=case, title="Visit Qx",
                                             starts_at=start, ends_at=start + timedelta(hours=1))
    appointment.assignees.add(me.user)
    body = client_for(me).get("/cases/calendar/?kind=appointment").content.decode()
    assert "Visit Qx" in body and "Task Qx" not in body


def test_an_appointment_late_in_the_evening_stays_on_its_local_day(own_org, make_member,
                                                                   client_for):
    me = make_member("caseworker", own_org)
    case = open_case(actor=me)
    sunday_night = timezone.make_aware(datetime.combine(_monday() + timedelta(days=6),
                                                        time(23, 30)))
    appointment = Appointment.objects.create(
        organisation=own_org, case=case, title="Late Qx", starts_at=sunday_night,
        ends_at=sunday_night + timedelta(minutes=20))
    appointment.assignees.add(me.user)
    assert "Late Qx" in client_for(me).get("/cases/calendar/").content.decode()
    following = (_monday() + timedelta(days=7)).isoformat()
    assert "Late Qx" not in client_for(me).get(
        f"/cases/calendar/?start={following}").content.decode()


def test_a_date_out_of_range_is_a_message_not_a_crash(own_org, make_member, client_for):
    me = make_member("caseworker", own_org)
    for bad in ("0001-01-01", "99999-01-01", "yesterday", "2026-02-30"):
        response = client_for(me).get(f"/cases/calendar/?start={bad}&page=99999999999999999999")
        assert response.status_code == 200, bad


def test_the_calendar_costs_the_same_queries_whatever_it_holds(own_org, make_member,
                                                               client_for,
                                                               django_assert_num_queries):
    me = make_member("caseworker", own_org)
    client = client_for(me)
    client.get("/cases/calendar/")
    case = open_case(actor=me)
    _tasks(case, me.user, 120, _monday())
    # Sign-in state (session, user, device, membership), the colleagues for the filter,
    # a count and a read per source (8), the organisation switcher, the session's idle
    # stamp (savepoint, update, release): none of it grows with the items.
    with django_assert_num_queries(17):
        client.get("/cases/calendar/?who=team")
