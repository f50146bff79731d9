from django.db import migrations, models

APPROX_DAYS = {"days": 1, "weeks": 7, "months": 31, "years": 366}


def days_back(apps, schema_editor):
    """Going back, a term gets its figure in days again: the one shipped before units for
    a shipped rule still at its shipped term, else an approximation."""
    from asylon.casework import tracks
    shipped = {(t["key"], r["stage"], r["label"]): r
               for t in tracks.shipped()["tracks"] for r in t["deadlines"]}
    DeadlineRule = apps.get_model("casework", "DeadlineRule")
    for rule in DeadlineRule.objects.select_related("track", "stage"):
        spec = shipped.get((rule.track.key, rule.stage.key, rule.label))
        if spec and (spec["count"], spec["unit"]) == (rule.count, rule.unit):
            rule.days = spec["was_days"]
        else:
            rule.days = rule.count * APPROX_DAYS[rule.unit]
        rule.save(update_fields=["days"])


class Migration(migrations.Migration):
    dependencies = [("casework", "0006_recompute_deadlines")]

    operations = [
        migrations.AlterField(model_name="deadlinerule", name="days",
                              field=models.PositiveSmallIntegerField(null=True,
                                                                     verbose_name="days")),
        migrations.RunPython(migrations.RunPython.noop, days_back),
        migrations.RemoveField(model_name="deadlinerule", name="days"),
    ]
