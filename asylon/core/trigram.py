"""Trigram indexes for "contains" searches on PostgreSQL (pg_trgm); nothing on SQLite.

Django's icontains reads `UPPER(column::text) LIKE UPPER('%term%')`: a GIN trigram index
on that same expression serves it instead of a scan of every row. SQLite has no such
index and keeps its plain scan, which is fine at the sizes SQLite is used for. Used from
migrations: `operations = [trigram_indexes(("name", "table", "column"), ...)]`.
"""

from django.db import migrations


def trigram_indexes(*indexes: tuple[str, str, str]) -> migrations.RunPython:
    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in indexes:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                                  f"USING gin ((UPPER({column}::text)) gin_trgm_ops)")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _table, _column in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)
