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


def test_fresh_rows_with_search_name_set_only_get_keys(own_org, django_assert_max_num_queries):
    from asylon.people import search
    people = [Person(organisation=own_org, given_name="Tesfay", family_name=f"N{i}")
              for i in range(50)]
    for person in people:
        person.search_name = search.search_name_for(person)
    people = Person.objects.bulk_create(people)
    with django_assert_max_num_queries(3):
        reindex_many(people, fresh=True)
    assert PersonNameKey.objects.filter(key="tsf").count() == 50
