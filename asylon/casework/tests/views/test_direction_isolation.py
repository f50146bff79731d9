"""Every value a person typed is direction-isolated on the casework and people pages
(issue 12): a name in Arabic script beside Latin text and numbers ("كريم منصور · 1985")
must sit in its own <bdi> or dir="auto" element, or the bidirectional algorithm reorders
the line. Each typed field below holds a value of mixed direction, right-to-left first
or left-to-right first, and every page that prints it is read in English and Arabic."""

from datetime import timedelta

import pytest
from django.utils import timezone

from asylon.casework import services
from asylon.casework.digest import render_digest
from asylon.casework.tests.factories import (
    accept_partner,
    ensure_tracks,
    intervention_type,
    open_case,
)
from asylon.core.isolation import unisolated, unisolated_text
from asylon.core.roles import Role
from asylon.core.tests.factories import OrganisationFactory
from asylon.people.models import Household
from asylon.people.tests.factories import PersonFactory

# Arabic letters then Latin ones, and Latin then Arabic: both orders reorder a line.
MARKERS = ["منصورZ", "Zq-منصور"]


def _fixture(make_member, own_org, mark):
    ensure_tracks()
    caseworker = make_member(Role.CASEWORKER, own_org, full_name=f"سارة {mark}")
    person = PersonFactory(organisation=own_org, given_name="كريم", family_name=mark,
                           given_name_latin="Karim", family_name_latin="Mansour",
                           birth_year=1985, interpreter_needed=True,
                           interpreter_language=f"Dari {mark}")
    case = open_case(actor=caseworker, person=person, location=f"Ter Apel {mark}")
    today = timezone.localdate()
    services.note_add(actor=caseworker, case=case, body=f"ملاحظة 42 call IND {mark}")
    services.task_add(actor=caseworker, case=case, title=f"Call {mark} 3x",
                      due_on=today + timedelta(days=2), assignee=caseworker.user)
    start = timezone.now() + timedelta(days=1)
    services.appointment_add(actor=caseworker, case=case, title=f"Interview {mark}",
                             starts_at=start, ends_at=start + timedelta(hours=1),
                             place=f"Room {mark} 4", assignees=[caseworker.user])
    services.deadline_add(actor=caseworker, case=case, label=f"Reply {mark} 2",
                          due_on=today + timedelta(days=3))
    services.intervention_log(actor=caseworker, case=case, type=intervention_type(),
                              date=today, summary=f"Memo {mark} 12 pages")
    session = services.group_session_save(
        actor=make_member(Role.COORDINATOR, own_org), topic=f"Rights {mark} 101",
        date=today, place=f"Hall {mark}", language=f"Tigrinya {mark}", attendees=[person])
    partner = OrganisationFactory(name=f"Legal {mark} 7", country="NL")
    accept_partner(own_org, partner)
    household = Household.objects.create(organisation=own_org, name=f"Familie {mark}")
    return caseworker, {
        "people": "/people/", "person": f"/people/{person.uuid}/",
        "households": "/people/households/", "household": f"/people/households/{household.uuid}/",
        "caseload": "/cases/", "case": f"/cases/{case.uuid}/",
        "refer": f"/cases/{case.uuid}/refer/", "calendar": "/cases/calendar/?whose=me",
        "sessions": "/cases/sessions/", "session": f"/cases/sessions/{session.uuid}/",
        "dashboard": "/",
    }


PAGES = ["people", "person", "households", "household", "caseload", "case", "refer",
         "calendar", "sessions", "session", "dashboard"]


@pytest.mark.parametrize("mark", MARKERS)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_typed_values_are_isolated_on_every_page(make_member, own_org, client_for, mark,
                                                 language):
    caseworker, urls = _fixture(make_member, own_org, mark)
    caseworker.user.language = language
    caseworker.user.save(update_fields=["language"])
    client = client_for(caseworker)
    for page in PAGES:
        response = client.get(urls[page], HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, page
        body = response.content.decode()
        assert mark in body, f"{page} shows none of the typed values"
        assert unisolated(body, mark) == [], page


def test_the_deadline_digest_isolates_the_typed_text_it_prints(make_member, own_org):
    mark = MARKERS[0]
    caseworker, _ = _fixture(make_member, own_org, mark)
    _subject, body, count = render_digest(caseworker.user)
    assert count and mark in body
    assert unisolated_text(body, mark) == []


def test_the_bdi_filter_escapes_and_leaves_empty_values_empty():
    from django.template import Context, Template
    template = Template('{% load asylon %}[{{ v|bdi }}][{{ e|bdi|default:"–" }}]')
    html = template.render(Context({"v": "<b>كريم</b> & Zq", "e": ""}))
    assert html == "[<bdi>&lt;b&gt;كريم&lt;/b&gt; &amp; Zq</bdi>][–]"


def test_the_isolated_filter_wraps_text_in_unicode_isolates():
    from django.template import Context, Template
    text = Template("{% load asylon %}{% autoescape off %}{{ v|isolated }} 1985"
                    "{% endautoescape %}").render(Context({"v": "كريم منصور"}))
    assert text == "\u2068كريم منصور\u2069 1985"
    assert unisolated_text(text, "منصور") == []
    assert unisolated_text("كريم منصور 1985", "منصور") == ["كريم منصور 1985"]
