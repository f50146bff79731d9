import pytest
from django.core.exceptions import PermissionDenied

from asylon.core import services
from asylon.core.models import ConsentPurpose
from asylon.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(own_org):
    return Person.objects.create(organisation=own_org, given_name="Yonas")


def test_no_record_means_no_consent(subject):
    assert not services.consent_is_given(subject=subject, purpose=ConsentPurpose.REFERRAL)


def test_given_consent_counts(subject, caseworker):
    services.consent_give(actor=caseworker, subject=subject, purpose=ConsentPurpose.REFERRAL)
    assert services.consent_is_given(subject=subject, purpose=ConsentPurpose.REFERRAL)


def test_withdrawal_after_giving_wins(subject, caseworker):
    services.consent_give(actor=caseworker, subject=subject, purpose=ConsentPurpose.REFERRAL)
    services.consent_withdraw(actor=caseworker, subject=subject, purpose=ConsentPurpose.REFERRAL)
    assert not services.consent_is_given(subject=subject, purpose=ConsentPurpose.REFERRAL)


def test_consent_for_one_recipient_does_not_cover_another(subject, caseworker, other_org):
    from asylon.core.tests.factories import OrganisationFactory
    services.consent_give(actor=caseworker, subject=subject, purpose=ConsentPurpose.REFERRAL,
                          recipient=other_org)
    assert services.consent_is_given(subject=subject, purpose=ConsentPurpose.REFERRAL,
                                     recipient=other_org)
    assert not services.consent_is_given(subject=subject, purpose=ConsentPurpose.REFERRAL,
                                         recipient=OrganisationFactory())


def test_other_purposes_are_separate(subject, caseworker):
    services.consent_give(actor=caseworker, subject=subject, purpose=ConsentPurpose.REFERRAL)
    assert not services.consent_is_given(subject=subject, purpose=ConsentPurpose.EXPORT)


def test_another_organisation_cannot_record_consent(subject, other_org, make_member):
    outsider = make_member("caseworker", other_org)
    with pytest.raises(PermissionDenied):
        services.consent_give(actor=outsider, subject=subject, purpose=ConsentPurpose.REFERRAL)


def test_a_volunteer_cannot_record_consent(subject, own_org, make_member):
    with pytest.raises(PermissionDenied):
        services.consent_give(actor=make_member("volunteer", own_org), subject=subject,
                              purpose=ConsentPurpose.REFERRAL)
