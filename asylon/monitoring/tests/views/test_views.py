import json
import uuid

import pytest

from asylon.core.models import AuditEntry
from asylon.core.roles import Role
from asylon.monitoring.models import Incident, IntakeLink
from asylon.monitoring.tests.factories import incident_data, make_incident, monitor


@pytest.fixture
def monitor_client(own_org, client_for):
    member = monitor(own_org)
    return member, client_for(member)


def _form(**overrides):
    data = incident_data(**overrides)
    if hasattr(data["date_from"], "isoformat"):
        data["date_from"] = data["date_from"].isoformat()
    return {k: v for k, v in data.items() if v is not None}


def test_the_capture_page_has_a_strict_csp_and_no_inline_script(monitor_client):
    _member, client = monitor_client
    response = client.get("/monitoring/capture/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    html = response.content.decode()
    assert "<script>" not in html and "<script " not in html.replace(
        '<script src="', "").replace('<script id="', "").replace('<script type="', "")


def test_the_service_worker_is_served_for_the_monitoring_scope(client, db):
    response = client.get("/monitoring/sw.js")
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/monitoring/"
    assert "/monitoring/capture/" in response.content.decode()


def _sync(client, record_id, base, data):
    return client.post("/monitoring/sync/", data=json.dumps(
        {"uuid": record_id, "base_version": base, "data": data}),
        content_type="application/json")


def test_sync_creates_once_and_answers_a_replay_the_same(monitor_client):
    _member, client = monitor_client
    record_id = str(uuid.uuid4())
    first = _sync(client, record_id, 0, _form())
    again = _sync(client, record_id, 0, _form())
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["outcome"] == "unchanged" and Incident.objects.count() == 1


def test_sync_of_a_record_edited_meanwhile_is_a_409_with_the_server_copy(monitor_client):
    member, client = monitor_client
    record_id = str(uuid.uuid4())
    _sync(client, record_id, 0, _form())
    incident = Incident.objects.get()
    client.post(f"/monitoring/incidents/{incident.uuid}/edit/", _form(group_size=12))
    response = _sync(client, record_id, 1, _form(group_size=4, minors=1))
    assert response.status_code == 409
    assert response.json()["server"]["group_size"] == 12
    assert Incident.objects.get().group_size == 12


def test_sync_of_bad_input_is_a_400_with_field_messages(monitor_client):
    _member, client = monitor_client
    response = _sync(client, str(uuid.uuid4()), 0, _form(group_size=1, minors=2))
    assert response.status_code == 400 and "minors" in response.json()["errors"]
    assert not Incident.objects.exists()


def test_bad_input_keeps_what_was_typed_and_saves_nothing(monitor_client):
    _member, client = monitor_client
    response = client.post("/monitoring/incidents/new/", _form(
        date_from="2025-03-14", date_to="2025-03-01", police_station="Kept Station"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "ends before it starts" in html and "Kept Station" in html
    assert not Incident.objects.exists()


def test_bad_input_message_is_translated(monitor_client):
    member, client = monitor_client
    member.user.language = "nl"
    member.user.save(update_fields=["language"])
    response = client.post("/monitoring/incidents/new/", _form(group_size=1, minors=2))
    assert "kleiner dan het aantal minderjarigen" in response.content.decode()


def test_the_detail_page_is_audited(monitor_client, own_org):
    _member, client = monitor_client
    incident = make_incident(own_org)
    client.get(f"/monitoring/incidents/{incident.uuid}/")
    assert AuditEntry.objects.filter(action="view", object_type="monitoring.incident",
                                     object_id=str(incident.pk)).exists()


def test_an_analyst_never_sees_a_record(own_org, make_member, client_for):
    incident = make_incident(own_org)
    client = client_for(make_member(Role.ANALYST, own_org))
    assert client.get(f"/monitoring/incidents/{incident.uuid}/").status_code == 403
    assert client.get("/monitoring/").status_code == 403


def test_incident_list_query_count_is_pinned(monitor_client, own_org,
                                             django_assert_num_queries):
    _member, client = monitor_client
    for _ in range(3):
        make_incident(own_org)
    client.get("/monitoring/")
    with django_assert_num_queries(PINNED_LIST_QUERIES):
        client.get("/monitoring/")


PINNED_LIST_QUERIES = 11


def test_public_form_arrives_unpublished_and_shows_nothing_back(client, own_org):
    link = IntakeLink.objects.create(organisation=own_org, partner_name="Partner", key="k-1")
    response = client.post("/monitoring/report/k-1/", {**_form(), "narrative": "Secret text"})
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert "Secret text" not in thanks.content.decode()
    incident = Incident.objects.get()
    assert incident.status == "draft" and incident.source == "partner"
    assert link.partner_name == incident.partner_name


def test_an_unknown_link_is_404(client, db):
    assert client.get("/monitoring/report/nope/").status_code == 404


def _fresh_link(org):
    import uuid
    key = f"rate-{uuid.uuid4().hex}"
    return IntakeLink.objects.create(organisation=org, partner_name="Partner", key=key)


def test_too_many_submissions_from_one_address_are_refused_and_nothing_is_saved(
        client, own_org, settings):
    settings.MONITORING_INTAKE_PER_ADDRESS_PER_HOUR = 2
    import uuid
    link = _fresh_link(own_org)
    address = f"2001:db8::{uuid.uuid4().hex[:4]}"
    for _ in range(2):
        assert client.post(f"/monitoring/report/{link.key}/", _form(),
                           REMOTE_ADDR=address).status_code == 302
    response = client.post(f"/monitoring/report/{link.key}/", _form(), REMOTE_ADDR=address)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Nothing was saved" in response.content.decode()
    assert Incident.objects.count() == 2


def test_the_address_limit_does_not_stop_another_address(client, own_org, settings):
    import uuid
    settings.MONITORING_INTAKE_PER_ADDRESS_PER_HOUR = 1
    link = _fresh_link(own_org)
    first, second = (f"2001:db8::{uuid.uuid4().hex[:4]}" for _ in range(2))
    client.post(f"/monitoring/report/{link.key}/", _form(), REMOTE_ADDR=first)
    assert client.post(f"/monitoring/report/{link.key}/", _form(),
                       REMOTE_ADDR=first).status_code == 429
    assert client.post(f"/monitoring/report/{link.key}/", _form(),
                       REMOTE_ADDR=second).status_code == 302


def test_too_many_submissions_through_one_link_are_refused_whatever_the_address(
        client, own_org, settings):
    import uuid
    settings.MONITORING_INTAKE_PER_LINK_PER_HOUR = 2
    link = _fresh_link(own_org)
    for _ in range(2):
        assert client.post(f"/monitoring/report/{link.key}/", _form(),
                           REMOTE_ADDR=f"2001:db8::{uuid.uuid4().hex[:4]}").status_code == 302
    response = client.post(f"/monitoring/report/{link.key}/", _form(),
                           REMOTE_ADDR=f"2001:db8::{uuid.uuid4().hex[:4]}")
    assert response.status_code == 429
    assert Incident.objects.count() == 2


def test_the_refusal_is_translated(client, own_org, settings):
    settings.MONITORING_INTAKE_PER_LINK_PER_HOUR = 0
    link = _fresh_link(own_org)
    response = client.post(f"/monitoring/report/{link.key}/", _form(),
                           HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 429
    assert "Nothing was saved" not in response.content.decode()
    assert Incident.objects.count() == 0


def test_the_group_of_one_person_reads_in_the_singular(monitor_client, own_org):
    _member, client = monitor_client
    incident = make_incident(own_org, group_size=1, minors=0, women=1)
    html = client.get(f"/monitoring/incidents/{incident.uuid}/").content.decode()
    assert "1 person · 0 minors · 1 woman or girl" in html
    assert "1 people" not in html


@pytest.mark.parametrize(("size", "text"), [(1, "شخص واحد"), (2, "شخصان"), (7, "7 أشخاص"),
                                            (12, "12 شخصًا")])
def test_the_group_size_takes_the_arabic_plural_form_of_its_number(monitor_client, own_org,
                                                                  size, text):
    member, client = monitor_client
    member.user.language = "ar"
    member.user.save(update_fields=["language"])
    incident = make_incident(own_org, group_size=size, minors=0, women=0)
    html = client.get(f"/monitoring/incidents/{incident.uuid}/").content.decode()
    assert text in html
