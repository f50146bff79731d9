"""The referral page: only accepted partners, consent recorded per partner inline; the
partner list kept by the organisation admin."""

from asylon.casework.models import ReferralPartner
from asylon.casework.tests.factories import accept_partner, open_case
from asylon.core.models import ConsentPurpose, ConsentRecord
from asylon.core.tests.factories import OrganisationFactory


def test_refer_to_lists_only_accepted_partners(own_org, other_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    accept_partner(own_org, other_org)
    OrganisationFactory(name="Embassy of Elsewhere")
    OrganisationFactory(name="Self-registered applicant")
    case = open_case(actor=member)
    body = client_for(member).get(f"/cases/{case.uuid}/refer/").content.decode()
    assert other_org.name in body
    assert "Embassy of Elsewhere" not in body and "Self-registered applicant" not in body


def test_without_partners_the_page_says_who_adds_them(own_org, make_member, client_for):
    member = make_member("caseworker", own_org)
    case = open_case(actor=member)
    body = client_for(member).get(f"/cases/{case.uuid}/refer/").content.decode()
    assert 'data-testid="no-partners"' in body


def test_consent_is_recorded_inline_for_the_named_partner(own_org, other_org, make_member,
                                                          client_for):
    member = make_member("caseworker", own_org)
    accept_partner(own_org, other_org)
    case = open_case(actor=member)
    response = client_for(member).post(f"/cases/{case.uuid}/refer/consent/", {
        "recipient": other_org.pk, "note": "Orally, with a Dari interpreter"})
    assert response.status_code == 302
    record = ConsentRecord.objects.get(purpose=ConsentPurpose.REFERRAL)
    assert record.recipient == other_org and record.given
    body = client_for(member).get(f"/cases/{case.uuid}/refer/").content.decode()
    assert "consent recorded" in body


def test_consent_cannot_name_an_organisation_that_is_no_partner(own_org, make_member,
                                                                client_for):
    member = make_member("caseworker", own_org)
    stranger = OrganisationFactory()
    case = open_case(actor=member)
    response = client_for(member).post(f"/cases/{case.uuid}/refer/consent/", {
        "recipient": stranger.pk, "note": "x"})
    assert response.status_code == 200
    assert not ConsentRecord.objects.exists()


def test_the_admin_adds_and_removes_a_partner_with_a_confirmation(own_org, other_org,
                                                                  make_member, client_for):
    admin = make_member("org_admin", own_org)
    client = client_for(admin)
    assert client.post("/cases/settings/partners/", {"partner": other_org.pk,
                                                     "note": "MoU"}).status_code == 302
    row = ReferralPartner.objects.get()
    assert "Remove this referral partner?" in client.get(
        f"/cases/settings/partners/{row.pk}/remove/").content.decode()
    assert ReferralPartner.objects.exists()
    client.post(f"/cases/settings/partners/{row.pk}/remove/")
    assert not ReferralPartner.objects.exists()
