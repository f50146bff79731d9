from django.db import migrations


def load_tracks(apps, schema_editor):
    from asylon.casework import tracks
    tracks.load(apps)


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(load_tracks, migrations.RunPython.noop)]
