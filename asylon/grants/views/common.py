"""Small helpers the grant views share."""

import datetime
import zoneinfo

from django.utils import timezone


def in_zone(moment: datetime.datetime, zone: str) -> datetime.datetime:
    try:
        return timezone.localtime(moment, zoneinfo.ZoneInfo(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.localtime(moment)


def deadline_context(call, applicant_zone: str | None) -> dict:
    return {"deadline_call": in_zone(call.deadline, call.time_zone),
            "deadline_call_zone": call.time_zone,
            "deadline_applicant": in_zone(call.deadline, applicant_zone) if applicant_zone else None,
            "deadline_applicant_zone": applicant_zone}
