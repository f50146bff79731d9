"""Monitoring's lists, forms and downloads on core's kit: held search, filters, sorting,
exports through the one spreadsheet writer, forms that keep what was typed."""

import csv
import datetime
import io

import openpyxl
import pytest

from asylon.core.idempotency import FIELD
from asylon.core.models import AuditEntry
from asylon.core.roles import Role
from asylon.monitoring import services
from asylon.monitoring.models import Incident, IntakeLink, Publication
from asylon.monitoring.tests.factories import incident_data, make_incident, monitor


@pytest.fixture
def monitor_client(own_org, client_for):
    member = monitor(own_org)
    return member, client_for(member)


def _search(client, path, term, **filters):
    """A search as the page sends it: POSTed, then followed to the page it redirects to."""
    response = client.post(path, {"held_search": "1", "q": term, **filters})
    assert response.status_code == 303 and term not in response["Location"]
    return client.get(response["Location"])


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_incident_search_keeps_the_term_out_of_the_url_and_finds_the_station(
        monitor_client, own_org):
    _member, client = monitor_client
    wanted = make_incident(own_org, police_station="Bihac Lipa")
    other = make_incident(own_org, police_station="Korenica")
    html = _search(client, "/monitoring/", "Lipa").content.decode()
    assert wanted.reference in html and other.reference not in html
    assert "1 incident" in html


def test_the_incident_list_filters_by_status(monitor_client, own_org):
    _member, client = monitor_client
    verified = make_incident(own_org, status="verified")
    draft = make_incident(own_org)
    html = client.get("/monitoring/?status=verified").content.decode()
    assert verified.reference in html and draft.reference not in html


def test_the_incident_list_sorts_by_group_size(monitor_client, own_org):
    _member, client = monitor_client
    small = make_incident(own_org, group_size=3, minors=0, women=0)
    large = make_incident(own_org, group_size=40, minors=0, women=0)
    html = client.get("/monitoring/?sort=-group_size").content.decode()
    assert html.index(large.reference) < html.index(small.reference)


def test_an_empty_search_says_how_to_see_everything(monitor_client, own_org):
    _member, client = monitor_client
    make_incident(own_org)
    html = _search(client, "/monitoring/", "no such station").content.decode()
    assert "Clear the search and the filters" in html


def test_the_incident_export_is_a_typed_spreadsheet_and_is_audited(monitor_client, own_org):
    member, client = monitor_client
    incident = make_incident(own_org, date_from=datetime.date(2025, 4, 2))
    response = client.get("/monitoring/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(_body(response))).active
    header, row = list(sheet.values)[:2]
    assert header[0] == "Reference" and row[0] == incident.reference
    assert row[1] == datetime.datetime(2025, 4, 2)
    assert AuditEntry.objects.filter(action="export", object_type="monitoring.incident",
                                     user_id=member.user_id).exists()


def test_the_incident_export_holds_only_the_organisations_own_records(
        monitor_client, own_org, other_org):
    _member, client = monitor_client
    own = make_incident(own_org)
    foreign = make_incident(other_org)
    text = _body(client.get("/monitoring/?export=csv")).decode("utf-8-sig")
    assert own.reference in text and foreign.reference not in text


def _publication(org, title):
    return Publication.objects.create(
        organisation=org, period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31), threshold=5, title=title,
        tables={"tables": [], "headline": {}})


def test_the_publication_list_searches_titles_and_exports(own_org, make_member, client_for):
    client = client_for(make_member(Role.ANALYST, own_org))
    _publication(own_org, "Una border 2025")
    _publication(own_org, "Evros 2025")
    html = _search(client, "/monitoring/publications/", "Evros").content.decode()
    assert "Evros 2025" in html and "Una border 2025" not in html
    rows = list(csv.reader(io.StringIO(_body(client.get(
        "/monitoring/publications/?export=csv")).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Title", "From", "To"]
    assert {r[0] for r in rows[1:]} == {"Una border 2025", "Evros 2025"}


def test_an_empty_publication_list_says_who_publishes(own_org, make_member, client_for):
    client = client_for(make_member(Role.COMMUNICATIONS, own_org))
    html = client.get("/monitoring/publications/").content.decode()
    assert "A field monitor or analyst publishes" in html


def test_partner_links_filter_by_status_and_are_never_exported(monitor_client, own_org):
    _member, client = monitor_client
    IntakeLink.objects.create(organisation=own_org, partner_name="Active Watch", key="k-active")
    IntakeLink.objects.create(organisation=own_org, partner_name="Old Watch", key="k-old",
                              active=False)
    html = client.get("/monitoring/partners/?active=False").content.decode()
    assert "Old Watch" in html and "Active Watch" not in html
    exported = client.get("/monitoring/partners/?export=csv")
    assert exported["Content-Type"].startswith("text/html")
    assert not exported.has_header("Content-Disposition")
    assert "Export CSV" not in client.get("/monitoring/partners/").content.decode()


def _published(org, make_member):
    # Six incidents in March and two in June: June's count is under the threshold.
    for _ in range(6):
        make_incident(org, status="verified")
    for _ in range(2):
        make_incident(org, status="verified", date_from=datetime.date(2025, 6, 3))
    return services.publication_create(actor=make_member(Role.ANALYST, org),
                                       start=datetime.date(2025, 1, 1),
                                       end=datetime.date(2025, 12, 31), run_acro=False)


def test_the_hxl_excel_file_has_the_hashtag_row_and_empty_hidden_cells(
        own_org, make_member, client_for):
    publication = _published(own_org, make_member)
    client = client_for(make_member(Role.ANALYST, own_org))
    response = client.get(f"/monitoring/publications/{publication.uuid}/hxl.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(_body(response))).active.values)
    assert rows[1][:3] == ("#date+start", "#date+end", "#meta+table")
    suppressed = [r for r in rows[2:] if r[8] == "true"]
    assert suppressed and all(r[7] is None for r in suppressed)
    assert isinstance(rows[2][0], datetime.datetime)


def test_the_hxl_csv_is_comma_separated_in_english_for_a_dutch_reader(
        own_org, make_member, client_for):
    publication = _published(own_org, make_member)
    member = make_member(Role.ANALYST, own_org, language="nl")
    text = _body(client_for(member).get(
        f"/monitoring/publications/{publication.uuid}/hxl.csv")).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Period start,Period end,Table")
    assert lines[1].startswith("#date+start,#date+end")


def test_a_bad_incident_keeps_what_was_typed_on_its_fields(monitor_client):
    _member, client = monitor_client
    data = {k: v for k, v in incident_data(group_size=1, minors=2,
                                           police_station="Typed Station").items()
            if v is not None}
    html = client.post("/monitoring/incidents/new/", data).content.decode()
    assert "Typed Station" in html and 'id="id_minors_error_1"' in html
    assert not Incident.objects.exists()


def test_a_publication_under_the_minimum_threshold_shows_why_and_saves_nothing(
        own_org, make_member, client_for):
    client = client_for(make_member(Role.ANALYST, own_org))
    html = client.post("/monitoring/publications/new/", {
        "period_start": "2025-01-01", "period_end": "2025-12-31", "threshold": "2",
        "title": "Too fine"}).content.decode()
    assert "Too fine" in html and "threshold" in html
    assert not Publication.objects.exists()


def test_a_link_made_twice_by_a_double_click_is_made_once(monitor_client):
    _member, client = monitor_client
    page = client.get("/monitoring/partners/new/").content.decode()
    token = page.split(f'name="{FIELD}" value="')[1].split('"')[0]
    for _ in range(2):
        client.post("/monitoring/partners/new/", {"partner_name": "Una Watch", FIELD: token})
    assert IntakeLink.objects.filter(partner_name="Una Watch").count() == 1
