"""Step 2 of 3: a random uuid for every existing row (one each: a column default would give
all rows the same value)."""

import uuid

from django.db import migrations

BATCH = 1000
MODELS = ["application", "attachment", "call", "capacityactivity", "duediligencedocument", "fund", "grant", "module", "outcome", "partnerprofile", "partnership", "report", "reviewassignment", "tranche"]


def fill(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("grants", name)
        rows = list(model.objects.filter(uuid__isnull=True).only("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        model.objects.bulk_update(rows, ["uuid"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ("grants", "0004_public_uuid_add"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
