import pytest
from django.core.exceptions import ValidationError

from asylon.casework import rules, services
from asylon.casework.models import Intervention, Referral, ReferralStatus
from asylon.casework.tests.factories import (
    accept_partner,
    caseworker_of,
    intervention_type,
    open_case,
)
from asylon.core import policy
from asylon.core.models import AuditEntry, ConsentPurpose
from asylon.core.services import consent_give


def _actor(case):
    from asylon.core.models import Membership
    return Membership.objects.get(organisation=case.organisation, user=case.responsible)


@pytest.fixture(autouse=True)
def _partners(own_org, other_org):
    accept_partner(own_org, other_org)


def _consent(case, recipient):
    consent_give(actor=_actor(case), subject=case.person, purpose=ConsentPurpose.REFERRAL,
                 recipient=recipient)


def test_a_referral_without_consent_is_refused(own_org, other_org):
    case = open_case(own_org)
    with pytest.raises(ValidationError) as error:
        services.referral_create(actor=_actor(case), case=case, to_organisation=other_org,
                                 parts=["stages"])
    assert "to_organisation" in error.value.error_dict
    assert not Referral.objects.exists()


def test_an_override_needs_the_permission_and_a_reason(own_org, other_org, make_member):
    case = open_case(own_org)
    coordinator = make_member("coordinator", own_org)
    with pytest.raises(ValidationError) as error:
        services.referral_create(actor=coordinator, case=case, to_organisation=other_org,
                                 parts=["stages"])
    assert "override_reason" in error.value.error_dict
    referral = services.referral_create(actor=coordinator, case=case, to_organisation=other_org,
                                        parts=["stages"], override_reason="Detention, urgent")
    assert referral.consent_overridden
    assert "consent_override" in AuditEntry.objects.get(action="refer").fields


def test_nothing_is_visible_before_the_receiver_accepts(own_org, other_org):
    case = open_case(own_org)
    _consent(case, other_org)
    services.referral_create(actor=_actor(case), case=case, to_organisation=other_org,
                             parts=["stages"])
    receiver = caseworker_of(other_org)
    assert not policy.may(receiver, rules.READ, case)


def test_after_acceptance_exactly_the_shared_parts_are_visible(own_org, other_org):
    case = open_case(own_org)
    services.intervention_log(actor=_actor(case), case=case, type=intervention_type(),
                              date=case.opened_on)
    _consent(case, other_org)
    referral = services.referral_create(actor=_actor(case), case=case, to_organisation=other_org,
                                        parts=["stages"])
    receiver = caseworker_of(other_org)
    services.referral_respond(actor=receiver, referral=referral, accept=True)
    from asylon.casework.models import Case, Deadline
    assert policy.scope(receiver, rules.READ, Case.objects.all()).get() == case
    assert policy.scope(receiver, rules.READ, Deadline.objects.all()).count() == 1
    assert not policy.scope(receiver, rules.READ, Intervention.objects.all()).exists()
    assert not policy.may(receiver, "casework.change_case", case)


def test_a_withdrawn_referral_hides_the_case_again(own_org, other_org):
    case = open_case(own_org)
    _consent(case, other_org)
    referral = services.referral_create(actor=_actor(case), case=case, to_organisation=other_org,
                                        parts=["stages"])
    receiver = caseworker_of(other_org)
    services.referral_respond(actor=receiver, referral=referral, accept=True)
    services.referral_withdraw(actor=_actor(case), referral=referral)
    assert referral.status == ReferralStatus.WITHDRAWN
    assert not policy.may(receiver, rules.READ, case)


def test_a_declined_referral_shares_nothing(own_org, other_org):
    case = open_case(own_org)
    _consent(case, other_org)
    referral = services.referral_create(actor=_actor(case), case=case, to_organisation=other_org,
                                        parts=["stages", "documents"])
    receiver = caseworker_of(other_org)
    services.referral_respond(actor=receiver, referral=referral, accept=False)
    assert not policy.may(receiver, rules.READ, case)


def test_a_referral_to_an_organisation_that_is_no_partner_is_refused(own_org, make_member):
    from asylon.core.tests.factories import OrganisationFactory
    stranger = OrganisationFactory(name="Embassy of Somewhere")
    case = open_case(own_org)
    _consent(case, stranger)
    with pytest.raises(ValidationError) as error:
        services.referral_create(actor=_actor(case), case=case, to_organisation=stranger,
                                 parts=["stages"])
    assert "not on your organisation's list" in str(error.value)
    assert not Referral.objects.exists()


def test_a_consent_naming_no_recipient_does_not_cover_a_referral(own_org, other_org):
    case = open_case(own_org)
    consent_give(actor=_actor(case), subject=case.person, purpose=ConsentPurpose.REFERRAL)
    with pytest.raises(ValidationError):
        services.referral_create(actor=_actor(case), case=case, to_organisation=other_org,
                                 parts=["stages"])


def test_a_consent_for_one_partner_does_not_cover_another(own_org, other_org):
    from asylon.core.tests.factories import OrganisationFactory
    third = OrganisationFactory()
    accept_partner(own_org, third)
    case = open_case(own_org)
    _consent(case, third)
    with pytest.raises(ValidationError):
        services.referral_create(actor=_actor(case), case=case, to_organisation=other_org,
                                 parts=["stages"])
    assert services.referral_create(actor=_actor(case), case=case, to_organisation=third,
                                    parts=["stages"])


def test_partners_are_kept_by_the_organisation_admin(own_org, other_org, make_member):
    from django.core.exceptions import PermissionDenied

    from asylon.casework.models import ReferralPartner
    with pytest.raises(PermissionDenied):
        services.referral_partner_add(actor=make_member("caseworker", own_org),
                                      partner=other_org)
    admin = make_member("org_admin", own_org)
    ReferralPartner.objects.all().delete()
    row = services.referral_partner_add(actor=admin, partner=other_org, note="MoU 2026")
    services.referral_partner_add(actor=admin, partner=other_org)
    assert ReferralPartner.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="casework.referralpartner",
                                     action="create").count() == 1
    services.referral_partner_remove(actor=admin, row=row)
    assert not ReferralPartner.objects.exists()
