import pytest

from asylon.resettlement.tests import factories as f


@pytest.fixture
def officer(db):
    return f.officer()


@pytest.fixture
def officer_client(officer, client_for):
    return client_for(officer)
