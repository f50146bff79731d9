from datetime import timedelta

from django.utils import timezone

from asylon.casework.models import Case
from asylon.casework.tests.factories import open_case, stage
from asylon.people.tests.factories import PersonFactory


def test_opening_a_case_through_the_form(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    person = PersonFactory(organisation=own_org)
    response = client_for(member).post(f"/cases/open/?person={person.uuid}", {
        "person": str(person.uuid), "track": stage("asylum-gr", "registered").track_id,
        "opened_on": timezone.localdate().isoformat(), "responsible": member.user_id})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.uuid}/"


def test_a_refused_form_keeps_what_was_typed(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    person = PersonFactory(organisation=own_org)
    response = client_for(member).post(f"/cases/open/?person={person.uuid}", {
        "track": stage("asylum-gr", "registered").track_id, "location": "Moria hill",
        "opened_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "stage_entered_on": (timezone.localdate() - timedelta(days=9)).isoformat(),
        "responsible": member.user_id})
    assert response.status_code == 200
    body = response.content.decode()
    assert "before the case was registered" in body
    assert 'value="Moria hill"' in body
    assert not Case.objects.exists()


def test_an_illegal_transition_posted_by_hand_is_refused(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    response = client_for(member).post(f"/cases/{case.uuid}/stage/", {
        "stage": stage("asylum-nl", "granted").pk,
        "entered_on": timezone.localdate().isoformat()})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.stage.key == "registered"


def test_the_case_page_shows_the_deadline_and_its_source(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    body = client_for(member).get(f"/cases/{case.uuid}/").content.decode()
    assert "Decision on the application due" in body
    assert "Art. 42(1) Vw 2000" in body


def test_the_download_is_an_attachment_with_no_cache(own_org, make_member, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from asylon.casework import services
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    document = services.document_upload(actor=member, case=case, upload=SimpleUploadedFile(
        "a.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"))
    response = client_for(member).get(f"/cases/documents/{document.uuid}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")


def _cases(member, count):
    for _ in range(count):
        open_case(actor=member)


def test_caseload_queries_do_not_grow_with_rows(own_org, make_member, client_for,
                                                django_assert_max_num_queries):
    member = make_member("caseworker", own_org)
    client = client_for(member)
    _cases(member, 3)
    with django_assert_max_num_queries(20) as few:
        client.get("/cases/?owner=all")
    _cases(member, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/cases/?owner=all").status_code == 200


def test_case_page_queries_do_not_grow_with_rows(own_org, make_member, client_for,
                                                 django_assert_max_num_queries):
    from asylon.casework import services
    from asylon.casework.tests.factories import intervention_type
    member = make_member("caseworker", own_org)
    client = client_for(member)
    case = open_case(actor=member, days_ago=40)

    def add(count):
        for _ in range(count):
            services.intervention_log(actor=member, case=case, type=intervention_type(),
                                      date=case.opened_on)
            services.note_add(actor=member, case=case, body="n")
            services.task_add(actor=member, case=case, title="t")

    add(3)
    with django_assert_max_num_queries(60) as few:
        client.get(f"/cases/{case.uuid}/")
    add(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/cases/{case.uuid}/").status_code == 200


def test_the_receiving_organisation_sees_only_what_was_shared(own_org, other_org, make_member,
                                                               client_for):
    from asylon.casework import services
    from asylon.casework.tests.factories import intervention_type
    from asylon.core.models import ConsentPurpose
    from asylon.core.services import consent_give
    member = make_member("caseworker", own_org)
    case = open_case(actor=member, person=PersonFactory(organisation=own_org,
                                                        given_name="Sharedname"))
    services.intervention_log(actor=member, case=case, type=intervention_type("family-tracing"),
                              date=case.opened_on)
    services.note_add(actor=member, case=case, body="Secret note text")
    from asylon.casework.tests.factories import accept_partner
    accept_partner(own_org, other_org)
    consent_give(actor=member, subject=case.person, purpose=ConsentPurpose.REFERRAL,
                 recipient=other_org)
    referral = services.referral_create(actor=member, case=case, to_organisation=other_org,
                                        parts=["stages"])
    receiver = make_member("caseworker", other_org)
    services.referral_respond(actor=receiver, referral=referral, accept=True)
    body = client_for(receiver).get(f"/cases/{case.uuid}/").content.decode()
    assert "Decision on the application due" in body
    assert "Sharedname" not in body
    assert "Family tracing" not in body
    assert "Secret note text" not in body


# The person page -------------------------------------------------------------------------

def test_the_person_page_offers_open_a_case_for_that_person(own_org, client_for):
    from asylon.casework.tests.factories import caseworker_of
    from asylon.people.tests.factories import PersonFactory
    actor = caseworker_of(own_org)
    person = PersonFactory(organisation=own_org)
    body = client_for(actor).get(f"/people/{person.uuid}/").content.decode()
    assert f'href="/cases/open/?person={person.uuid}"' in body
    assert "Open a case" in body
    assert "No cases yet." in body
    response = client_for(actor).get(f"/cases/open/?person={person.uuid}")
    assert response.status_code == 200 and person.given_name in response.content.decode()


def test_roles_that_may_not_open_cases_get_no_button_and_no_cases(own_org, make_member,
                                                                  client_for):
    from asylon.core.roles import Role
    case = open_case(own_org)
    officer = make_member(Role.RESETTLEMENT_OFFICER, own_org)
    body = client_for(officer).get(f"/people/{case.person.uuid}/").content.decode()
    assert "/cases/open/" not in body
    assert case.reference not in body


def test_the_person_page_lists_the_persons_cases(own_org, client_for):
    from asylon.casework.tests.factories import caseworker_of
    from asylon.people.models import HouseholdMember
    from asylon.people.tests.factories import HouseholdFactory
    actor = caseworker_of(own_org)
    own = open_case(own_org, actor=actor)
    household = HouseholdFactory(organisation=own_org)
    HouseholdMember.objects.create(household=household, person=own.person, relationship="head")
    shared = open_case(own_org, actor=actor, household=household)
    elsewhere = open_case(own_org, actor=actor)
    body = client_for(actor).get(f"/people/{own.person.uuid}/").content.decode()
    panel = body[body.index('data-testid="person-cases"'):]
    panel = panel[:panel.index("</table>")]
    assert own.reference in panel and shared.reference in panel
    assert elsewhere.reference not in panel


def test_an_anonymised_person_has_no_open_a_case_button(own_org, client_for):
    from django.utils import timezone

    from asylon.casework.tests.factories import caseworker_of
    from asylon.people.tests.factories import PersonFactory
    actor = caseworker_of(own_org)
    person = PersonFactory(organisation=own_org, anonymised_at=timezone.now())
    body = client_for(actor).get(f"/people/{person.uuid}/").content.decode()
    assert "/cases/open/" not in body
