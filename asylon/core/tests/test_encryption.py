import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from asylon.people.models import Person

pytestmark = pytest.mark.django_db

OLD_KEY = "3q2bJtZrV1bTn2x5z2L3x6uGZ8wF7cM9mN1pQ4rS5tU="


def _raw(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM people_person WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def person(own_org):
    return Person.objects.create(organisation=own_org, given_name="Amina",
                                 narrative="fled after threats from her husband's family",
                                 vulnerabilities=["gbv_survivor"])


def test_sensitive_text_is_not_stored_in_clear(person):
    stored = _raw("narrative", person.pk)
    assert "threats" not in stored
    assert Person.objects.get(pk=person.pk).narrative.startswith("fled after")


def test_encrypted_json_round_trips(person):
    assert Person.objects.get(pk=person.pk).vulnerabilities == ["gbv_survivor"]
    assert "gbv" not in _raw("vulnerabilities", person.pk)


def test_rotation_moves_every_value_to_the_new_key(person, settings):
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, OLD_KEY]
    call_command("rotate_keys")
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is dropped after rotation
    reloaded = Person.objects.get(pk=person.pk)
    assert reloaded.narrative.startswith("fled after")
    assert reloaded.vulnerabilities == ["gbv_survivor"]


def test_value_unreadable_without_its_key(person, settings):
    from django.core.exceptions import ImproperlyConfigured
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured):
        Person.objects.get(pk=person.pk)
