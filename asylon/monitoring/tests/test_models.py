"""Monitoring's rows are owned like every other domain's: through core's `OrgOwned`."""

import pytest
from django.apps import apps
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader

from asylon.core.models import OrgOwned


def _with_organisation_key():
    for model in apps.get_app_config("monitoring").get_models():
        field = next((f for f in model._meta.fields if f.name == "organisation"), None)
        if isinstance(field, models.ForeignKey):
            yield model


@pytest.mark.parametrize("model", list(_with_organisation_key()), ids=lambda m: m._meta.label)
def test_every_monitoring_model_with_an_organisation_key_is_org_owned(model):
    assert issubclass(model, OrgOwned)


def test_the_move_onto_the_base_changes_nothing_in_the_schema(db):
    """Every field 0002 alters is, to the database, the field it was (the schema editor's
    own test: only labels and form flags changed). `sqlmigrate monitoring 0002` shows the
    same: each operation is a no-op."""
    loader = MigrationLoader(connection)
    name = "0002_evidence_corroboration_org_owned"
    before = loader.project_state(("monitoring", "0001_initial")).apps
    after = loader.project_state(("monitoring", name)).apps
    migration = loader.get_migration("monitoring", name)
    editor = connection.schema_editor()
    assert migration.operations
    for operation in migration.operations:
        assert isinstance(operation, migrations.AlterField)
        old, new = (state.get_model("monitoring", operation.model_name)._meta.get_field(
            operation.name) for state in (before, after))
        assert not editor._field_should_be_altered(old, new), operation.describe()


def test_a_corroboration_has_no_public_id_and_evidence_no_timestamps_it_never_had():
    from asylon.monitoring.models import Corroboration, Evidence
    assert "uuid" not in {f.name for f in Corroboration._meta.fields}
    assert {"uploaded_at", "uuid"} <= {f.name for f in Evidence._meta.fields}
    assert "updated_at" not in {f.name for f in Evidence._meta.fields}
