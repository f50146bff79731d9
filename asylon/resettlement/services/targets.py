"""The Dutch half-yearly housing task (taakstelling): the national number of status
holders split over municipalities by population, with carry-over of backlog and advance."""

import csv
import datetime
import io
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.resettlement.models import Municipality, MunicipalTarget, TargetPeriod

from .common import MANAGE, require

CODE = re.compile(r"^GM\d{4}$")
# Rows of the statistics office's tables for the country, parts of the country,
# provinces and COROP regions: not municipalities, skipped.
NOT_MUNICIPALITY = ("NL", "LD", "PV", "CR")
CODE_COLUMNS = ("RegioS", "code", "gemeentecode", "Gemeentecode")
POPULATION_COLUMNS = ("BevolkingOp1Januari_1", "population", "inwoners")
NAME_COLUMNS = ("Naam", "name", "Gemeentenaam")
PROVINCE_COLUMNS = ("Provincie", "province")
TARGET_COLUMNS = ("taakstelling", "Taakstelling", "target")


def apportion(populations: list[int], total: int) -> list[int]:
    """Largest-remainder (Hamilton) shares of `total`, proportional to `populations`:
    every part gets the whole part of its quota, the rest goes one by one to the largest
    remainders (ties: larger population, then the earlier row). The parts add up to
    `total` exactly."""
    if total < 0:
        raise ValueError("total must not be negative")
    weight = sum(populations)
    if weight <= 0:
        return [0] * len(populations)
    # Integer arithmetic: quota_i = total * pop_i / weight, exactly.
    whole = [total * p // weight for p in populations]
    remainders = [total * p % weight for p in populations]
    left = total - sum(whole)
    order = sorted(range(len(populations)), key=lambda i: (-remainders[i], -populations[i], i))
    for i in order[:left]:
        whole[i] += 1
    return whole


def _read(text: str) -> tuple[list[str], list[dict]]:
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    return header, [{k: (v or "").strip().strip('"').strip() for k, v in row.items() if k}
                    for row in reader]


def _column(header, names, what) -> str:
    for name in names:
        if name in header:
            return name
    raise ValidationError(_("The file has no column for the %(what)s (expected one of: "
                            "%(names)s).") % {"what": what, "names": ", ".join(names)})


def municipalities_import(*, actor, text: str, source: str,
                          on: datetime.date | None) -> dict:
    """Populations from the statistics office's CSV. All rows are checked first; one bad
    row (unknown or duplicate code, a number that is not one) changes nothing."""
    require(actor, MANAGE)
    header, rows = _read(text)
    code_col = _column(header, CODE_COLUMNS, _("municipality code"))
    pop_col = _column(header, POPULATION_COLUMNS, _("population"))
    name_col = next((n for n in NAME_COLUMNS if n in header), None)
    province_col = next((n for n in PROVINCE_COLUMNS if n in header), None)
    known = {m.code: m for m in Municipality.objects.filter(organisation_id=actor.organisation_id)}
    seen: set[str] = set()
    updates = []
    for line, row in enumerate(rows, start=2):
        code = row.get(code_col, "").replace(" ", "")
        if code[:2] in NOT_MUNICIPALITY:
            continue
        if not CODE.match(code):
            raise ValidationError(_("Line %(line)d: “%(code)s” is not a municipality code "
                                    "(GM and four digits).") % {"line": line, "code": code})
        if code in seen:
            raise ValidationError(_("Line %(line)d: municipality %(code)s appears twice.")
                                  % {"line": line, "code": code})
        seen.add(code)
        if code not in known and not (name_col and row.get(name_col)):
            raise ValidationError(_("Line %(line)d: unknown municipality code %(code)s (add a "
                                    "name column to add new municipalities).")
                                  % {"line": line, "code": code})
        raw = row.get(pop_col, "").replace(".", "").replace(" ", "")
        if not raw.isdigit():
            raise ValidationError(_("Line %(line)d (%(code)s): the population “%(value)s” is "
                                    "not a whole number.") % {"line": line, "code": code,
                                                              "value": row.get(pop_col, "")})
        updates.append((code, int(raw), row.get(name_col, "") if name_col else "",
                        row.get(province_col, "") if province_col else ""))
    if not updates:
        raise ValidationError(_("The file holds no municipalities."))
    created = changed = 0
    with transaction.atomic():
        for code, population, name, province in updates:
            municipality = known.get(code)
            if municipality is None:
                municipality = Municipality(organisation_id=actor.organisation_id, code=code,
                                            name=name, province=province)
                created += 1
            else:
                changed += 1
                if name:
                    municipality.name = name
                if province:
                    municipality.province = province
            municipality.population = population
            municipality.population_source = source.strip()[:200]
            municipality.population_date = on
            municipality.save()
        audit.record(actor=actor, action="import", object_type="resettlement.municipality",
                     fields=["population"])
    return {"created": created, "updated": changed}


def period_add(*, actor, label: str, starts_on, national_total: int,
               previous: TargetPeriod | None = None) -> TargetPeriod:
    """A new half-year with every municipality's target computed; nothing is kept when
    the computation is refused."""
    require(actor, MANAGE)
    label = label.strip()
    if TargetPeriod.objects.filter(organisation_id=actor.organisation_id, label=label).exists():
        raise ValidationError({"label": _("This half-year exists already.")})
    with transaction.atomic():
        period = TargetPeriod.objects.create(
            organisation_id=actor.organisation_id, label=label, starts_on=starts_on,
            national_total=national_total, previous=previous)
        audit.record(actor=actor, action="create", obj=period,
                     fields=["label", "starts_on", "national_total", "previous"])
        period_compute(actor=actor, period=period)
    return period


def period_compute(*, actor, period: TargetPeriod) -> list[MunicipalTarget]:
    """(Re)compute every municipality's new target, backlog and advance for the period;
    the housed numbers and the published targets already recorded are kept."""
    require(actor, MANAGE, period)
    municipalities = list(Municipality.objects.filter(organisation_id=period.organisation_id)
                          .order_by("code"))
    if not municipalities:
        raise ValidationError(_("Import the municipalities and their population first."))
    shares = apportion([m.population for m in municipalities], period.national_total)
    previous = {}
    if period.previous_id:
        previous = {t.municipality_id: t for t in period.previous.targets.all()}
    with transaction.atomic():
        existing = {t.municipality_id: t for t in period.targets.all()}
        for municipality, share in zip(municipalities, shares, strict=True):
            target = existing.get(municipality.pk) or MunicipalTarget(
                period=period, municipality=municipality)
            target.new_target = share
            last = previous.get(municipality.pk)
            remaining = (last.corrected_target - last.housed) if last else 0
            target.backlog = max(0, remaining)
            target.advance = max(0, -remaining)
            target.save()
        audit.record(actor=actor, action="compute", obj=period, fields=["targets"])
    return list(period.targets.select_related("municipality"))


def published_targets_import(*, actor, period: TargetPeriod, text: str) -> int:
    """The officially published list (code and target per municipality), to compare."""
    require(actor, MANAGE, period)
    header, rows = _read(text)
    code_col = _column(header, CODE_COLUMNS, _("municipality code"))
    target_col = _column(header, TARGET_COLUMNS, _("target"))
    targets = {t.municipality.code: t for t in period.targets.select_related("municipality")}
    if not targets:
        raise ValidationError(_("Compute the targets of this half-year first."))
    seen, values = set(), []
    for line, row in enumerate(rows, start=2):
        code = row.get(code_col, "").replace(" ", "")
        if code in seen:
            raise ValidationError(_("Line %(line)d: municipality %(code)s appears twice.")
                                  % {"line": line, "code": code})
        seen.add(code)
        if code not in targets:
            raise ValidationError(_("Line %(line)d: unknown municipality code %(code)s.")
                                  % {"line": line, "code": code})
        raw = row.get(target_col, "")
        if not raw.isdigit():
            raise ValidationError(_("Line %(line)d (%(code)s): the target “%(value)s” is not a "
                                    "whole number.") % {"line": line, "code": code,
                                                        "value": raw})
        values.append((targets[code], int(raw)))
    with transaction.atomic():
        for target, value in values:
            target.published_target = value
            target.save(update_fields=["published_target"])
        audit.record(actor=actor, action="import", obj=period, fields=["published_target"])
    return len(values)


def target_record_housed(*, actor, target: MunicipalTarget, housed: int) -> MunicipalTarget:
    require(actor, MANAGE, target.period)
    if housed is None or housed < 0:
        raise ValidationError({"housed": _("Give the number housed, 0 or more.")})
    with transaction.atomic():
        target.housed = housed
        target.save(update_fields=["housed"])
        audit.record(actor=actor, action="change", obj=target.period, fields=["housed"])
    return target
