"""Shipped procedure tracks as data, and the loader that puts them into the database.

`load(apps)` is used both by the data migration (with historical models) and by
`manage.py load_tracks` (with the real ones). It adds and updates; it never deletes, so
an organisation's adjustments to a figure made in the admin survive unless the shipped
figure for that same rule is reloaded with `--overwrite` (term, counting rule, meeting
stages and source).
"""

import json
from pathlib import Path

TRACKS_FILE = Path(__file__).with_name("tracks.json")


def shipped() -> dict:
    return json.loads(TRACKS_FILE.read_text(encoding="utf-8"))


def load(apps=None, *, overwrite: bool = False) -> dict:
    if apps is None:
        from django.apps import apps
    Track = apps.get_model("casework", "Track")
    Stage = apps.get_model("casework", "Stage")
    Transition = apps.get_model("casework", "Transition")
    DeadlineRule = apps.get_model("casework", "DeadlineRule")
    InterventionType = apps.get_model("casework", "InterventionType")
    data = shipped()
    rule_fields = {f.name for f in DeadlineRule._meta.get_fields()}
    track_fields = {f.name for f in Track._meta.get_fields()}
    counts = {"tracks": 0, "stages": 0, "transitions": 0, "deadline_rules": 0,
              "intervention_types": 0}
    for order, (key, name) in enumerate(data["intervention_types"]):
        _, created = InterventionType.objects.get_or_create(
            key=key, defaults={"name": name, "order": order})
        counts["intervention_types"] += created
    for order, spec in enumerate(data["tracks"]):
        defaults = {"name": spec["name"], "country": spec.get("country", ""),
                    "description": spec.get("description", ""), "order": order}
        if "counting" in track_fields:
            defaults["counting"] = spec["counting"]
        track, created = Track.objects.get_or_create(key=spec["key"], defaults=defaults)
        counts["tracks"] += created
        stages = {}
        for position, stage_spec in enumerate(spec["stages"]):
            stage, created = Stage.objects.get_or_create(
                track=track, key=stage_spec["key"], defaults={
                    "name": stage_spec["name"], "order": position,
                    "is_closing": stage_spec.get("closing", False),
                    "outcome": stage_spec.get("outcome", "")})
            stages[stage.key] = stage
            counts["stages"] += created
        for source, target in spec["transitions"]:
            _, created = Transition.objects.get_or_create(
                track=track, from_stage=stages[source], to_stage=stages[target])
            counts["transitions"] += created
        for rule in spec["deadlines"]:
            values = rule_values(rule, rule_fields)
            existing = DeadlineRule.objects.filter(
                track=track, stage=stages[rule["stage"]], label=rule["label"]).first()
            if existing is None:
                existing = DeadlineRule.objects.create(track=track, stage=stages[rule["stage"]],
                                                       label=rule["label"], **values)
                counts["deadline_rules"] += 1
            elif overwrite:
                DeadlineRule.objects.filter(pk=existing.pk).update(**values)
            else:
                continue
            if "met_by" in rule_fields:
                existing.met_by.set([stages[key] for key in rule["met_by"]])
    return counts


def rule_values(rule: dict, rule_fields: set[str]) -> dict:
    """The columns of one shipped rule that the (possibly historical) model has: the data
    migration of 0002 knew only `days`; since 0005 a term has a count and a unit."""
    values = {"source": rule["source"], "sourced": rule["sourced"]}
    if "count" in rule_fields:
        values.update(count=rule["count"], unit=rule["unit"], counting=rule.get("counting", ""))
    if "days" in rule_fields:
        values["days"] = rule["was_days"]
    return values
