import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from asylon.core.models import AuditEntry
from asylon.core.roles import Role
from asylon.volunteers import services
from asylon.volunteers.models import Agreement, Department, Signature
from asylon.volunteers.tests.factories import RoleFactory, VolunteerFactory, volunteer_member


def _role(coordinator, **kw):
    data = dict(name="Procedure buddy", department=Department.PROCEDURE,
                tasks="Explain the steps.", boundaries="No legal advice.",
                visible_fields=["given_name", "languages"])
    data.update(kw)
    return services.role_create(actor=coordinator, **data)


def test_a_role_comes_with_the_first_agreement_including_its_boundaries(coordinator):
    role = _role(coordinator)
    agreement = role.agreements.get()
    assert (agreement.version, agreement.boundaries) == (1, "No legal advice.")


def test_a_role_without_boundaries_is_refused(coordinator):
    with pytest.raises(ValidationError):
        _role(coordinator, boundaries="  ")
    assert not Agreement.objects.exists()


def test_a_role_cannot_show_fields_outside_the_need_to_know_list(coordinator):
    with pytest.raises(ValidationError):
        _role(coordinator, visible_fields=["narrative"])


def test_new_boundaries_issue_a_new_version_that_asks_again(coordinator, own_org):
    role = _role(coordinator)
    volunteer = VolunteerFactory(organisation=own_org, role=role)
    services.agreement_sign(actor=coordinator, volunteer=volunteer,
                            agreement=role.agreements.get())
    services.role_update(actor=coordinator, role=role, boundaries="No legal advice. No money.")
    latest = role.agreements.order_by("-version").first()
    assert latest.version == 2
    assert not Signature.objects.filter(volunteer=volunteer, agreement=latest).exists()
    with pytest.raises(ValidationError):
        services.agreement_sign(actor=coordinator, volunteer=volunteer,
                                agreement=role.agreements.get(version=1))


def test_the_volunteer_signs_their_own_agreement(own_org):
    membership = volunteer_member(own_org)
    role = RoleFactory(organisation=own_org)
    volunteer = VolunteerFactory(organisation=own_org, role=role, membership=membership)
    services.agreement_sign(actor=membership, volunteer=volunteer, agreement=role.agreements.get())
    services.agreement_sign(actor=membership, volunteer=volunteer, agreement=role.agreements.get())
    assert Signature.objects.filter(volunteer=volunteer).count() == 1
    assert AuditEntry.objects.filter(action="sign").count() == 1


def test_a_volunteer_cannot_sign_for_another(own_org):
    membership = volunteer_member(own_org)
    role = RoleFactory(organisation=own_org)
    other = VolunteerFactory(organisation=own_org, role=role)
    with pytest.raises(PermissionDenied):
        services.agreement_sign(actor=membership, volunteer=other, agreement=role.agreements.get())


def test_a_caseworker_cannot_create_roles(own_org, make_member):
    with pytest.raises(PermissionDenied):
        _role(make_member(Role.CASEWORKER, own_org))


def test_leave_that_ends_before_it_starts_is_refused(coordinator, own_org):
    import datetime

    volunteer = VolunteerFactory(organisation=own_org)
    with pytest.raises(ValidationError):
        services.leave_record(actor=coordinator, volunteer=volunteer,
                              starts_on=datetime.date(2026, 5, 2),
                              ends_on=datetime.date(2026, 5, 1))
    assert not volunteer.leaves.exists()
