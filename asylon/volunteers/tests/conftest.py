import pytest

from asylon.core.roles import Role


@pytest.fixture
def coordinator(own_org, make_member):
    return make_member(Role.COORDINATOR, own_org)
