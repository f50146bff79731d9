"""Shipped procedure tracks as data, and the loader that puts them into the database.

`load(apps)` is used both by the data migration (with historical models) and by
`manage.py load_tracks` (with the real ones). It adds and updates; it never deletes, so
an organisation's adjustments to a figure made in the admin survive unless the shipped
figure for that same rule is reloaded with `--overwrite`.
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
    counts = {"tracks": 0, "stages": 0, "transitions": 0, "deadline_rules": 0,
              "intervention_types": 0}
    for order, (key, name) in enumerate(data["intervention_types"]):
        _, created = InterventionType.objects.get_or_create(
            key=key, defaults={"name": name, "order": order})
        counts["intervention_types"] += created
    for order, spec in enumerate(data["tracks"]):
        track, created = Track.objects.get_or_create(key=spec["key"], defaults={
            "name": spec["name"], "country": spec.get("country", ""),
            "description": spec.get("description", ""), "order": order})
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
            values = {"days": rule["days"], "source": rule["source"],
                      "sourced": rule["sourced"]}
            existing = DeadlineRule.objects.filter(
                track=track, stage=stages[rule["stage"]], label=rule["label"]).first()
            if existing is None:
                DeadlineRule.objects.create(track=track, stage=stages[rule["stage"]],
                                            label=rule["label"], **values)
                counts["deadline_rules"] += 1
            elif overwrite:
                DeadlineRule.objects.filter(pk=existing.pk).update(**values)
    return counts
