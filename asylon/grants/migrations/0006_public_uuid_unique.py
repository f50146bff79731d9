"""Step 3 of 3: the uuid is required and unique, with a fresh one for every new row."""

import uuid

from django.db import migrations, models

MODELS = ["application", "attachment", "call", "capacityactivity", "duediligencedocument", "fund", "grant", "module", "outcome", "partnerprofile", "partnership", "report", "reviewassignment", "tranche"]


class Migration(migrations.Migration):

    dependencies = [
        ("grants", "0005_public_uuid_fill"),
    ]

    operations = [
        migrations.AlterField(model_name=name, name="uuid",
                              field=models.UUIDField(default=uuid.uuid4, unique=True,
                                                     editable=False))
        for name in MODELS
    ]
