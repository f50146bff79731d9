import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

COUNTINGS = [("nl-atw", "Dutch statutory term (Algemene termijnenwet)"),
             ("gr-admin", "Greek administrative term (Law 2690/1999)"),
             ("eu-dublin", "Dublin III Regulation (Art. 42)"),
             ("calendar", "Calendar term (no roll-over)")]
UNITS = [("days", "days"), ("weeks", "weeks"), ("months", "months"), ("years", "years")]


class Migration(migrations.Migration):
    """Terms get a unit and a counting rule and are met by named later stages; the next
    migration fills them and recomputes existing deadlines, the one after drops `days`."""

    dependencies = [
        ("casework", "0004_reporting_consent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="track", name="counting",
            field=models.CharField(choices=COUNTINGS, default="calendar", max_length=16,
                                   help_text="How the track's terms are counted when a rule names no rule of its own: weekend and holiday roll-over of its jurisdiction.",
                                   verbose_name="counting rule")),
        migrations.AddField(
            model_name="deadlinerule", name="count",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="term"),
            preserve_default=False),
        migrations.AddField(
            model_name="deadlinerule", name="unit",
            field=models.CharField(choices=UNITS, default="days", max_length=8,
                                   verbose_name="unit"),
            preserve_default=False),
        migrations.AddField(
            model_name="deadlinerule", name="counting",
            field=models.CharField(blank=True, choices=COUNTINGS, max_length=16,
                                   help_text="Leave empty for the track's counting rule.",
                                   verbose_name="counting rule")),
        migrations.AddField(
            model_name="deadlinerule", name="met_by",
            field=models.ManyToManyField(blank=True, related_name="meets_rules",
                                         to="casework.stage",
                                         help_text="The later events that meet this term. Without any, it is met by hand (or ends when the case closes).",
                                         verbose_name="met when the case reaches")),
        migrations.AlterModelOptions(
            name="deadlinerule",
            options={"ordering": ["track", "stage__order", "pk"],
                     "verbose_name": "deadline rule", "verbose_name_plural": "deadline rules"}),
        migrations.AddField(
            model_name="deadline", name="started_on",
            field=models.DateField(blank=True, null=True, verbose_name="counted from")),
        migrations.AddField(
            model_name="deadline", name="nominal_on",
            field=models.DateField(blank=True, null=True)),
        migrations.AddField(
            model_name="deadline", name="met_how",
            field=models.CharField(blank=True, max_length=8, choices=[
                ("hand", "marked as met"), ("event", "met by a later stage"),
                ("closed", "case closed")])),
        migrations.AddField(
            model_name="deadline", name="met_stage",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="casework.stage")),
        migrations.AddField(
            model_name="deadline", name="met_by_user",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL)),
    ]
