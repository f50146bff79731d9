import pytest

from asylon.people.models import Person, PersonNameKey
from asylon.people.services import reindex_many

pytestmark = pytest.mark.django_db


def test_bulk_created_persons_become_searchable(own_org):
    persons = Person.objects.bulk_create(
        [Person(organisation=own_org, given_name="محمد", family_name=f"Name{i}")
         for i in range(3)])
    assert reindex_many(persons) == 3
    assert PersonNameKey.objects.filter(key="mhmd").count() == 3
    assert Person.objects.filter(search_name__contains="mhmd").count() == 3
