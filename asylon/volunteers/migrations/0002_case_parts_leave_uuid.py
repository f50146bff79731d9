import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    Leave = apps.get_model("volunteers", "Leave")
    for leave in Leave.objects.filter(uuid=None).only("pk"):
        leave.uuid = uuid.uuid4()
        leave.save(update_fields=["uuid"])


class Migration(migrations.Migration):

    dependencies = [
        ("volunteers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="volunteerrole",
            name="visible_case_parts",
            field=models.JSONField(blank=True, default=list,
                                   verbose_name="case parts the volunteer sees"),
        ),
        # A leave is taken back by its uuid (never its primary key in a URL): added empty,
        # filled row by row, then made unique.
        migrations.AddField(
            model_name="leave",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="leave",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
