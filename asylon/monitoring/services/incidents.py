import datetime
import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.monitoring import geo
from asylon.monitoring.models import (
    Chain,
    Corroboration,
    Incident,
    IncidentViolation,
    Institution,
    Source,
    Status,
    Violation,
    YesNo,
)
from asylon.monitoring.services.common import require_own

FIELDS = ["date_from", "date_to", "latitude", "longitude", "border_section", "country_from",
          "country_to", "group_size", "minors", "women", "age_min", "age_max",
          "nationalities", "institution", "uniforms", "vehicles", "police_station",
          "asylum_intention", "documents_signed", "interpreter_present", "injuries",
          "narrative"]
TEXT = {"uniforms": 200, "vehicles": 200, "police_station": 200}


def _int(value, field, errors, *, required=False):
    if value in (None, ""):
        if required:
            errors[field] = _("This field is required.")
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = _("Enter a whole number.")
        return None
    if number < 0:
        errors[field] = _("Enter a number of zero or more.")
    return number


def _date(value, field, errors, *, required=False):
    if value in (None, ""):
        if required:
            errors[field] = _("This field is required.")
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = _("Enter a valid date.")
        return None


def _decimal(value, field, errors):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.00001"))
    except (InvalidOperation, ValueError):
        errors[field] = _("Enter a number.")
        return None


def clean(data: dict) -> tuple[dict, list[str]]:
    """Validate the fields of an incident; raises one ValidationError naming every field
    that is wrong, so the form shows them all at once and nothing is saved."""
    from django_countries import countries

    errors: dict[str, str] = {}
    out = {}
    out["date_from"] = _date(data.get("date_from"), "date_from", errors, required=True)
    out["date_to"] = _date(data.get("date_to"), "date_to", errors)
    today = timezone.localdate()
    if out["date_from"] and out["date_from"] > today:
        errors["date_from"] = _("The date cannot be in the future.")
    if out["date_from"] and out["date_to"] and out["date_to"] < out["date_from"]:
        errors["date_to"] = _("The range ends before it starts: the last day must be on or "
                              "after the first day.")
    if out["date_to"] == out["date_from"]:
        out["date_to"] = None
    section = geo.BY_CODE.get(data.get("border_section") or "")
    if section is None:
        errors["border_section"] = _("Choose a border section.")
    out["border_section"] = data.get("border_section") or ""
    out["latitude"] = _decimal(data.get("latitude"), "latitude", errors)
    out["longitude"] = _decimal(data.get("longitude"), "longitude", errors)
    if (out["latitude"] is None) != (out["longitude"] is None) and \
            "latitude" not in errors and "longitude" not in errors:
        errors["longitude"] = _("Give both latitude and longitude, or neither.")
    elif section and out["latitude"] is not None and out["longitude"] is not None and \
            not section.contains(float(out["latitude"]), float(out["longitude"])):
        errors["latitude"] = _("These coordinates are outside the border region of "
                               "%(section)s.") % {"section": section.name}
    for field in ("country_from", "country_to"):
        code = (data.get(field) or "").upper()
        if code not in dict(countries):
            errors[field] = _("Choose a country.")
        out[field] = code
    nationalities = data.get("nationalities") or []
    if isinstance(nationalities, str):
        nationalities = [n for n in nationalities.replace(" ", "").split(",") if n]
    bad = [n for n in nationalities if n.upper() not in dict(countries)]
    if bad:
        errors["nationalities"] = _("Choose countries from the list.")
    out["nationalities"] = [n.upper() for n in nationalities]
    out["group_size"] = _int(data.get("group_size"), "group_size", errors, required=True)
    if out["group_size"] == 0:
        errors["group_size"] = _("A group has at least one person.")
    for field in ("minors", "women"):
        out[field] = _int(data.get(field), field, errors) or 0
    size = out["group_size"] or 0
    if out["group_size"] and out["minors"] > size:
        errors["minors"] = _("The group is smaller than its number of minors.")
    if out["group_size"] and out["women"] > size:
        errors["women"] = _("The group is smaller than its number of women and girls.")
    out["age_min"] = _int(data.get("age_min"), "age_min", errors)
    out["age_max"] = _int(data.get("age_max"), "age_max", errors)
    if out["age_min"] is not None and out["age_max"] is not None and \
            out["age_min"] > out["age_max"]:
        errors["age_max"] = _("The oldest cannot be younger than the youngest.")
    for field in ("age_min", "age_max"):
        if out[field] is not None and out[field] > 120:
            errors[field] = _("Enter an age of 120 or less.")
    out["institution"] = data.get("institution") or Institution.UNKNOWN
    if out["institution"] not in Institution.values:
        errors["institution"] = _("Choose from the list.")
    for field in ("asylum_intention", "documents_signed", "interpreter_present", "injuries"):
        out[field] = data.get(field) or YesNo.UNKNOWN
        if out[field] not in YesNo.values:
            errors[field] = _("Choose from the list.")
    for field, length in TEXT.items():
        out[field] = (data.get(field) or "").strip()[:length]
    out["narrative"] = (data.get("narrative") or "").strip()
    violations = data.get("violations") or []
    if isinstance(violations, str):
        violations = [violations]
    violations = sorted(set(violations))
    if not violations:
        errors["violations"] = _("Choose at least one violation type.")
    elif any(v not in Violation.values for v in violations):
        errors["violations"] = _("Choose violation types from the list.")
    if errors:
        raise ValidationError(errors)
    return out, violations


def _reference(date: datetime.date) -> str:
    """A new reference ("2025-3FA94C1B"), not yet taken by any incident: references are
    unique across organisations, and among a few thousand a year six random hex digits
    collided (the insert then failed)."""
    while True:
        candidate = f"{date:%Y}-{secrets.token_hex(4).upper()}"
        if not Incident.objects.filter(reference=candidate).exists():
            return candidate


def _link_chain(actor, incident, chain_with: str):
    chain_with = (chain_with or "").strip().upper()
    if not chain_with:
        return
    other = Incident.objects.filter(organisation_id=actor.organisation_id,
                                    reference=chain_with).exclude(pk=incident.pk).first()
    if other is None:
        raise ValidationError({"chain_with": _("No incident of your organisation has this "
                                               "reference.")})
    chain = other.chain or incident.chain or Chain.objects.create(
        organisation_id=actor.organisation_id)
    for item in (incident, other):
        if item.chain_id != chain.pk:
            item.chain = chain
            item.save(update_fields=["chain", "updated_at"])


@transaction.atomic
def incident_create(*, actor, data: dict, source: str = Source.MONITOR,
                    uuid=None, chain_with: str = "") -> Incident:
    require_own(actor, "monitoring.record")
    if uuid:
        # The same form sent twice (a double tap, a resent POST) records one incident.
        existing = Incident.objects.filter(uuid=uuid,
                                           organisation_id=actor.organisation_id).first()
        if existing is not None:
            return existing
    values, violations = clean(data)
    extra = {"uuid": uuid} if uuid else {}
    incident = Incident.objects.create(
        organisation_id=actor.organisation_id, reference=_reference(values["date_from"]),
        author=actor.user, source=source, **values, **extra)
    IncidentViolation.objects.bulk_create(
        [IncidentViolation(incident=incident, code=code) for code in violations])
    _link_chain(actor, incident, chain_with)
    audit.record(actor=actor, action="create", obj=incident, fields=[*values, "violations"])
    return incident


@transaction.atomic
def incident_update(*, actor, incident: Incident, data: dict, chain_with: str = "") -> Incident:
    require_own(actor, "monitoring.record", incident)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status in (Status.VERIFIED, Status.REJECTED):
        raise ValidationError(_("A decided record cannot be changed. Record a new incident "
                                "and link it as corroboration instead."))
    values, violations = clean(data)
    changed = [f for f, v in values.items() if getattr(incident, f) != v]
    for field, value in values.items():
        setattr(incident, field, value)
    old = set(incident.violations.values_list("code", flat=True))
    if old != set(violations):
        changed.append("violations")
        incident.violations.all().delete()
        IncidentViolation.objects.bulk_create(
            [IncidentViolation(incident=incident, code=code) for code in violations])
    if changed and incident.status == Status.REVIEWED:
        # A review covers what was reviewed: a change sends the record back.
        incident.status = Status.DRAFT
        incident.reviewed_by = None
        changed.append("status")
    incident.version += 1
    incident.save()
    _link_chain(actor, incident, chain_with)
    audit.record(actor=actor, action="change", obj=incident, fields=changed)
    return incident


@transaction.atomic
def corroboration_add(*, actor, incident: Incident, other_reference: str,
                      note: str = "") -> Corroboration:
    require_own(actor, "monitoring.verify", incident)
    other = Incident.objects.filter(organisation_id=actor.organisation_id,
                                    reference=(other_reference or "").strip().upper()).first()
    if other is None or other.pk == incident.pk:
        raise ValidationError({"other_reference": _("Give the reference of another incident "
                                                    "of your organisation.")})
    link, _created = Corroboration.objects.get_or_create(
        incident=incident, other=other,
        defaults={"organisation_id": incident.organisation_id, "note": note.strip()[:300],
                  "created_by": actor.user})
    Corroboration.objects.get_or_create(
        incident=other, other=incident,
        defaults={"organisation_id": incident.organisation_id, "note": note.strip()[:300],
                  "created_by": actor.user})
    audit.record(actor=actor, action="corroborate", obj=incident, fields=["corroborations"])
    return link
