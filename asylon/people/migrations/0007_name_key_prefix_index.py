"""The person search also matches name keys that begin as the last typed word's key does
(`selectors._word_starts`: "Mans" finds "Mansour"). PostgreSQL serves `key LIKE 'mns%'`
from a btree index only with the pattern operator class (or the C collation); without
it the search read every key of the organisation (a sequential scan of 690,000 rows at
200,000 persons). SQLite's LIKE is served by its plain scan at the sizes it is used for."""

from django.db import migrations

NAME = "person_name_key_prefix"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON people_personnamekey "
            "(organisation_id, key varchar_pattern_ops, person_id)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):

    dependencies = [("people", "0006_org_owned_base")]

    operations = [migrations.RunPython(create, drop)]
