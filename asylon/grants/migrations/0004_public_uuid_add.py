"""Every grants row that a URL names, and every organisation-owned one, gets its public uuid
(core.models.public_id): step 1 of 3, the column, empty for the rows that exist."""

from django.db import migrations, models

MODELS = ["application", "attachment", "call", "capacityactivity", "duediligencedocument", "fund", "grant", "module", "outcome", "partnerprofile", "partnership", "report", "reviewassignment", "tranche"]


class Migration(migrations.Migration):

    dependencies = [
        ("grants", "0003_org_owned_base"),
    ]

    operations = [
        migrations.AddField(model_name=name, name="uuid",
                            field=models.UUIDField(null=True, editable=False))
        for name in MODELS
    ]
