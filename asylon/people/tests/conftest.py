import pytest

from asylon.core.roles import Role


@pytest.fixture
def caseworker(own_org, make_member):
    return make_member(Role.CASEWORKER, own_org, full_name="Case Worker")


@pytest.fixture
def admin(own_org, make_member):
    return make_member(Role.ORG_ADMIN, own_org)


@pytest.fixture
def outsider(other_org, make_member):
    return make_member(Role.CASEWORKER, other_org)
