"""Dispersal of status holders over municipalities in proportion to population.

The Dutch half-yearly housing task (and similar schemes elsewhere) gives every
municipality a share of the status holders to house, proportional to its population.
Shares of people must be whole numbers that add up to the total exactly, so they are
apportioned by the largest-remainder (Hamilton) method: everyone gets the whole part of
their quota, and the persons still to hand out go to the largest remainders. The
result is a set of localities with a ``persons`` capacity; the placement engine then
decides who goes where, under the same rules as resettlement (everyone placed first,
then the best expected outcomes, with fixed places, exclusions and preferences).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from .data import Locality
from .schema import InstanceError

REQUIRED = ("id", "population")
TEXT_COLUMNS = ("id", "name")


def apportion(populations: list[float], total: int) -> list[int]:
    """Whole shares of ``total`` proportional to ``populations``, summing to ``total``.

    Largest remainder; ties go to the larger population, then to the earlier row, so the
    result is the same on every run.
    """
    if total < 0:
        raise ValueError("total must be >= 0")
    weight = float(sum(populations))
    if not populations or weight <= 0:
        raise ValueError("populations must be positive and not all zero")
    quotas = [total * p / weight for p in populations]
    shares = [math.floor(q) for q in quotas]
    rest = total - sum(shares)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - shares[i]), -populations[i], i))
    for i in order[:rest]:
        shares[i] += 1
    return shares


def read_municipalities(path: str | Path) -> tuple[list[dict], list[str]]:
    """Rows of a municipalities CSV and its extra capacity dimensions.

    Columns: ``id``, ``population``, optionally ``name``; any other column is a capacity
    dimension (e.g. ``large_dwelling``), empty = unlimited.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            columns = [c.strip() for c in (reader.fieldnames or [])]
            rows = [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]
    except OSError as e:
        raise InstanceError(f"{path}: cannot read: {e.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise InstanceError(f"{path}: not a UTF-8 CSV file: {e}") from None
    for col in REQUIRED:
        if col not in columns:
            raise InstanceError(f'{path}: missing column "{col}" (columns: id, name, population, '
                                f'then one per extra capacity dimension)')
    if not rows:
        raise InstanceError(f"{path}: no municipalities")
    dims = [c for c in columns if c not in TEXT_COLUMNS and c != "population" and c]
    seen: dict[str, int] = {}
    out = []
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        where = f"{path} line {n}"
        mid = row.get("id", "")
        if not mid:
            raise InstanceError(f"{where}: id is empty")
        if mid in seen:
            raise InstanceError(f'{where}: id "{mid}" repeats line {seen[mid]}')
        seen[mid] = n
        pop = _number(row.get("population", ""), f"{where} (id \"{mid}\"): population")
        if pop <= 0:
            raise InstanceError(f'{where} (id "{mid}"): population must be more than 0')
        capacity = {}
        for d in dims:
            if row.get(d, "") != "":
                v = _number(row[d], f'{where} (id "{mid}"): {d}')
                if v < 0:
                    raise InstanceError(f'{where} (id "{mid}"): {d} must be 0 or more')
                capacity[d] = v
        out.append({"id": mid, "name": row.get("name", ""), "population": pop, "capacity": capacity})
    return out, dims


def _number(text: str, where: str) -> float:
    try:
        v = float(text.replace("_", ""))
    except ValueError:
        raise InstanceError(f'{where}: "{text}" is not a number') from None
    if not math.isfinite(v):
        raise InstanceError(f"{where}: must be a finite number")
    return v


def localities(rows: list[dict], total: int, tolerance: float = 0.0) -> list[Locality]:
    """One locality per municipality with its share of ``total`` persons (plus the
    tolerance, apportioned the same way) as its ``persons`` capacity."""
    if tolerance < 0:
        raise InstanceError("--tolerance must be 0 or more")
    seats = math.ceil(total * (1.0 + tolerance) - 1e-9)
    shares = apportion([r["population"] for r in rows], seats)
    task = apportion([r["population"] for r in rows], total)
    return [
        Locality(id=r["id"], name=r["name"] or r["id"],
                 capacity={"persons": share, **r["capacity"]},
                 features={"population": int(r["population"]), "task": t})
        for r, share, t in zip(rows, shares, task, strict=True)
    ]
