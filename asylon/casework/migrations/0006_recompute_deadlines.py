from django.db import migrations


def forwards(apps, schema_editor):
    from asylon.casework import recompute
    changes = recompute.run(apps)
    recompute.report(changes)


class Migration(migrations.Migration):
    """Give the shipped rules their units, counting rules and meeting stages, then
    recompute every existing deadline and print what changed (see casework.recompute)."""

    dependencies = [("casework", "0005_terms_with_units")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
