"""Moving a caseload in from a spreadsheet: parse, map columns, check, commit, export.

Checking runs row by row and records per-row errors and likely duplicates; committing
writes every row in one transaction, so a failure leaves nothing behind. The export
writes the same columns, so a file exported here imports again unchanged.
"""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asylon.casework.models import (
    Case,
    CaseImport,
    ImportStatus,
    Stage,
    Track,
)
from asylon.core import audit, policy, tabular
from asylon.core.models import Membership
from asylon.core.validation import has_control_characters

logger = logging.getLogger(__name__)

MAX_ROWS = 5000
PERMISSION = "casework.import_cases"

# key, label, required
FIELDS = [
    ("reference", gettext_lazy("Case reference"), False),
    ("given_name", gettext_lazy("Given name"), True),
    ("family_name", gettext_lazy("Family name"), False),
    ("given_name_latin", gettext_lazy("Given name (Latin script)"), False),
    ("family_name_latin", gettext_lazy("Family name (Latin script)"), False),
    ("birth_date", gettext_lazy("Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)"), False),
    ("sex", gettext_lazy("Sex (female, male, other, unknown)"), False),
    ("nationality", gettext_lazy("Nationality (two-letter country code)"), False),
    ("household", gettext_lazy("Household name"), False),
    ("relationship", gettext_lazy("Relationship in the household"), False),
    ("track", gettext_lazy("Track"), True),
    ("stage", gettext_lazy("Current stage"), True),
    ("opened_on", gettext_lazy("Registered on (YYYY-MM-DD)"), True),
    ("stage_entered_on", gettext_lazy("In this stage since (YYYY-MM-DD)"), False),
    ("responsible", gettext_lazy("Responsible caseworker (e-mail)"), False),
    ("location", gettext_lazy("Location"), False),
]
FIELD_KEYS = [key for key, _label, _required in FIELDS]


class _CountryCodes:
    def __contains__(self, code):
        from django_countries import countries
        return code in dict(countries)


COUNTRY_CODES = _CountryCodes()


# Limits taken from what a real caseload file holds, checked while reading, so a file
# that declares a million rows or the whole XFD column range costs nothing to refuse.
MAX_CELL = 2000  # characters; the longest field (a location, a name) holds far less
# The longest value each column may hold (the model fields it goes into).
MAX_LENGTHS = {"reference": 32, "given_name": 150, "family_name": 150,
               "given_name_latin": 150, "family_name_latin": 150, "household": 200,
               "location": 120, "responsible": 254, "track": 120, "stage": 120,
               "relationship": 32, "sex": 16, "nationality": 2, "birth_date": 10,
               "opened_on": 10, "stage_entered_on": 10}


def parse_file(upload) -> tuple[list[str], list[list[str]]]:
    """The heading row and data rows of an uploaded CSV or XLSX (core.tabular's limits)."""
    return tabular.read_table(upload, max_rows=MAX_ROWS)


def guess_mapping(headers: list[str]) -> dict:
    lowered = {h.strip().lower(): h for h in headers}
    mapping = {}
    for key, label, _required in FIELDS:
        for candidate in (key, str(label).lower(), key.replace("_", " ")):
            if candidate in lowered:
                mapping[key] = lowered[candidate]
                break
    return mapping


def import_start(*, actor: Membership, upload) -> CaseImport:
    policy.require(actor, PERMISSION)
    headers, rows = parse_file(upload)
    with transaction.atomic():
        job = CaseImport.objects.create(organisation_id=actor.organisation_id,
                                        created_by=actor.user, headers=headers, rows=rows,
                                        mapping=guess_mapping(headers), total=len(rows))
        audit.record(actor=actor, action="import_upload", obj=job, fields=["rows"])
    return job


def _parse_date(value: str, field: str, errors: list):
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        errors.append(_("%(field)s: “%(value)s” is not a date (YYYY-MM-DD).")
                      % {"field": field, "value": value[:20]})
        return None


def _parse_birth(value: str, errors: list) -> dict:
    if not value:
        return {}
    parts = value[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        errors.append(_("Date of birth: “%(value)s” is not YYYY, YYYY-MM or YYYY-MM-DD.")
                      % {"value": value[:20]})
        return {}
    keys = ["birth_year", "birth_month", "birth_day"]
    result = dict(zip(keys, numbers, strict=False))
    try:
        from asylon.people.services import validate_birth_date
        validate_birth_date(result.get("birth_year"), result.get("birth_month"),
                            result.get("birth_day"))
    except ImportError:
        pass
    except ValidationError as error:
        errors.extend(error.messages)
        return {}
    return result


def _stage_lookup():
    tracks = {}
    for track in Track.objects.filter(is_active=True):
        tracks[track.key.lower()] = track
        tracks[track.name.lower()] = track
    stages = {}
    for stage in Stage.objects.select_related("track"):
        stages[(stage.track_id, stage.key.lower())] = stage
        stages[(stage.track_id, stage.name.lower())] = stage
    return tracks, stages


def check_rows(job: CaseImport, membership: Membership, *, progress=None) -> list[dict]:
    """Each row as clean values plus its errors and likely duplicates."""
    from asylon.core.models import User
    from asylon.people.selectors import Relationship, Sex, persons_matching
    tracks, stages = _stage_lookup()
    staff = {u.email.lower(): u for u in User.objects.filter(
        memberships__organisation_id=job.organisation_id, memberships__is_active=True,
        memberships__role__in=("caseworker", "coordinator", "org_admin"))}
    existing_refs = set(Case.objects.filter(organisation_id=job.organisation_id)
                        .values_list("reference", flat=True))
    seen_refs = set()
    today = date.today()
    index = {h: i for i, h in enumerate(job.headers)}
    checked = []
    for number, raw in enumerate(job.rows, start=2):
        values = {key: raw[index[col]].strip() if col in index else ""
                  for key, col in job.mapping.items() if key in FIELD_KEYS}
        errors = []
        for key, label, required in FIELDS:
            if required and not values.get(key):
                errors.append(_("%(field)s is missing.") % {"field": label})
            elif len(values.get(key, "")) > MAX_LENGTHS.get(key, MAX_CELL):
                errors.append(_("%(field)s is longer than %(max)d characters.")
                              % {"field": label, "max": MAX_LENGTHS[key]})
            if has_control_characters(values.get(key, "")):
                errors.append(_("%(field)s contains control characters (such as NUL).")
                              % {"field": label})
        nationality = values.get("nationality", "").upper()
        if nationality and nationality not in COUNTRY_CODES:
            errors.append(_("Nationality: “%(value)s” is not a two-letter country code.")
                          % {"value": values["nationality"][:10]})
        clean = {key: values.get(key, "") for key in FIELD_KEYS}
        clean.update(_parse_birth(values.get("birth_date", ""), errors))
        opened_on = _parse_date(values.get("opened_on", ""), _("Registered on"), errors)
        entered_on = _parse_date(values.get("stage_entered_on", ""), _("In this stage since"),
                                 errors) or opened_on
        if opened_on and opened_on > today:
            errors.append(_("The registration date is in the future."))
        if opened_on and entered_on and entered_on < opened_on:
            errors.append(_("The stage starts before the case was registered."))
        if entered_on and entered_on > today:
            errors.append(_("The stage date is in the future."))
        track = tracks.get(values.get("track", "").lower())
        stage = None
        if values.get("track") and track is None:
            errors.append(_("Unknown track “%(value)s”.") % {"value": values["track"][:60]})
        elif track is not None and values.get("stage"):
            stage = stages.get((track.pk, values["stage"].lower()))
            if stage is None:
                errors.append(_("Unknown stage “%(value)s” for this track.")
                              % {"value": values["stage"][:60]})
        sex = (values.get("sex") or "unknown").lower()
        if sex not in Sex.values:
            errors.append(_("Sex must be one of: female, male, other, unknown."))
        relationship = (values.get("relationship") or "").lower()
        if values.get("household") and relationship not in Relationship.values:
            errors.append(_("Give the relationship in the household (head, spouse, child, "
                            "parent, sibling, other_relative, other)."))
        responsible = None
        if values.get("responsible"):
            responsible = staff.get(values["responsible"].lower())
            if responsible is None:
                errors.append(_("%(email)s does not work on cases in this organisation.")
                              % {"email": values["responsible"][:80]})
        reference = values.get("reference", "")
        if reference and (reference in existing_refs or reference in seen_refs):
            errors.append(_("Case reference %(ref)s is used twice.") % {"ref": reference})
        seen_refs.add(reference)
        matches = []
        if persons_matching is not None and values.get("given_name"):
            names = [" ".join(filter(None, [values.get("given_name"), values.get("family_name")])),
                     " ".join(filter(None, [values.get("given_name_latin"),
                                            values.get("family_name_latin")]))]
            for match in persons_matching(membership=membership, name=names,
                                          birth_year=clean.get("birth_year"), limit=3):
                matches.append({"uuid": str(match.person.uuid), "score": match.score,
                                "label": f"{match.person.display_name} "
                                         f"({match.person.birth_date_display or '?'})",
                                "reasons": match.reasons})
        checked.append({"row": number, "values": values, "errors": errors, "matches": matches,
                        "sex": sex, "relationship": relationship,
                        "birth": {k: clean.get(k) for k in ("birth_year", "birth_month",
                                                            "birth_day")},
                        "track": track, "stage": stage, "opened_on": opened_on,
                        "entered_on": entered_on, "responsible": responsible})
        if progress:
            progress(len(checked))
    return checked


def import_check(*, actor: Membership, job: CaseImport, mapping: dict) -> list[dict]:
    policy.require(actor, PERMISSION)
    if job.organisation_id != actor.organisation_id:
        raise PermissionDenied
    missing = [str(label) for key, label, required in FIELDS if required and not mapping.get(key)]
    if missing:
        raise ValidationError(_("Map these required columns: %(fields)s.")
                              % {"fields": ", ".join(missing)})
    job.mapping = {k: v for k, v in mapping.items() if v in job.headers}
    checked = check_rows(job, actor)
    job.errors = {str(r["row"]): r["errors"] for r in checked if r["errors"]}
    job.status = ImportStatus.PREVIEWED
    job.save(update_fields=["mapping", "errors", "status"])
    return checked


def import_queue(*, actor: Membership, job: CaseImport, links: dict) -> CaseImport:
    """Queue the commit. `links` maps a row number to the uuid of an existing person the
    user chose instead of registering a new one."""
    policy.require(actor, PERMISSION)
    if job.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if job.status != ImportStatus.PREVIEWED:
        raise ValidationError(_("Check the file before importing it."))
    if job.errors:
        raise ValidationError(_("Correct the rows with errors in the file and upload it "
                                "again: nothing is imported while a row has an error."))
    with transaction.atomic():
        job.mapping = {**job.mapping, "_links": {str(k): v for k, v in links.items() if v}}
        job.status = ImportStatus.QUEUED
        job.done = 0
        job.save(update_fields=["mapping", "status", "done"])
        audit.record(actor=actor, action="import_queue", obj=job)
    from asylon.casework.tasks import commit_import
    commit_import.enqueue(job.pk, actor.pk)
    job.refresh_from_db()
    return job


def commit(*, import_id: int, membership_id: int) -> dict:
    """Check every row again, then write all of them in one transaction."""
    job = CaseImport.objects.get(pk=import_id)
    actor = Membership.objects.select_related("organisation", "user").get(pk=membership_id)
    # The job's messages are read on the page of the person who started it, in their
    # language, not the worker's.
    with translation.override(actor.user.language or None):
        try:
            return _commit(job, actor)
        except Exception:
            # Whatever went wrong, the job must not stay "running" for ever.
            logger.exception("case import %s failed", job.pk)
            CaseImport.objects.filter(pk=job.pk).update(
                status=ImportStatus.FAILED,
                message=_("The import stopped on an unexpected error; nothing was "
                          "imported. Check the file and try again."))
            return {"imported": 0, "errors": 1}


def _commit(job: CaseImport, actor: Membership) -> dict:
    from asylon.casework import services
    from asylon.people import selectors as people_selectors
    from asylon.people import services as people_services

    CaseImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, done=0)

    def progress(done):
        # Outside the write transaction, so the progress page sees it.
        if done % 25 == 0 or done == job.total:
            CaseImport.objects.filter(pk=job.pk).update(done=done)

    checked = check_rows(job, actor, progress=progress)
    errors = {str(r["row"]): r["errors"] for r in checked if r["errors"]}
    if errors:
        CaseImport.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, errors=errors,
            message=_("Some rows no longer pass the checks; nothing was imported."))
        return {"imported": 0, "errors": len(errors)}
    links = job.mapping.get("_links", {})
    try:
        with transaction.atomic():
            households = {}
            for row in checked:
                values = row["values"]
                person = None
                if links.get(str(row["row"])):
                    person = people_selectors.persons_visible_to(
                        membership=actor, include_inactive=True).filter(
                        uuid=links[str(row["row"])] if _is_uuid(links[str(row["row"])])
                        else None, organisation_id=actor.organisation_id).first()
                    if person is None:
                        raise ValidationError(
                            _("Row %(row)s is linked to a person who is not in your "
                              "organisation's records.") % {"row": row["row"]})
                household = None
                household_name = values.get("household", "")
                if household_name:
                    household = households.get(household_name.lower())
                    if household is None:
                        household = people_services.household_create(actor=actor,
                                                                     name=household_name)
                        households[household_name.lower()] = household
                if person is None:
                    fields = {k: values.get(k, "") for k in ("given_name", "family_name",
                                                               "given_name_latin",
                                                               "family_name_latin")}
                    fields.update({k: v for k, v in row["birth"].items() if v})
                    fields["sex"] = row["sex"]
                    if values.get("nationality"):
                        fields["nationality"] = values["nationality"].upper()[:2]
                    person = people_services.person_register(
                        actor=actor, household=household,
                        relationship=row["relationship"] if household else "", **fields)
                elif household is not None:
                    people_services.household_add_member(actor=actor, household=household,
                                                         person=person,
                                                         relationship=row["relationship"])
                services.case_open(
                    actor=actor, person=person, track=row["track"], stage=row["stage"],
                    opened_on=row["opened_on"], stage_entered_on=row["entered_on"],
                    responsible=row["responsible"] or actor.user,
                    location=values.get("location", ""),
                    reference=values.get("reference", ""), allow_closing_stage=True,
                    require_earlier=False)
            audit.record(actor=actor, action="import_commit", obj=job, fields=["rows"])
    except ValidationError as error:
        CaseImport.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, message="; ".join(error.messages)[:500])
        return {"imported": 0, "errors": 1}
    # The uploaded rows are no longer needed once imported.
    CaseImport.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, done=job.total,
                                                rows="")
    return {"imported": len(checked), "errors": 0}


def _is_uuid(value) -> bool:
    import uuid
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def export_rows(cases):
    """The import's shape, for the cases given (already scoped by the caller)."""
    yield FIELD_KEYS
    for case in cases.select_related("person", "household", "track", "stage", "responsible"):
        person = case.person
        yield [
            case.reference,
            person.given_name if person else "",
            person.family_name if person else "",
            person.given_name_latin if person else "",
            person.family_name_latin if person else "",
            person.birth_date_display if person else "",
            person.sex if person else "",
            str(person.nationality or "") if person else "",
            case.household.name if case.household_id else "",
            "",
            case.track.key,
            case.stage.key,
            case.opened_on.isoformat(),
            case.stage_entered_on.isoformat(),
            case.responsible.email if case.responsible_id else "",
            case.location,
        ]
