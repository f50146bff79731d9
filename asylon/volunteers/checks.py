"""What a volunteer needs before the next step or a match: a valid certificate of conduct,
the current agreement of their role signed, the role's required courses completed and
not expired. Pure reads shared by services (which refuse) and selectors (which explain)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.volunteers.models import Certificate, Enrolment, Signature, Volunteer


@dataclass
class Readiness:
    certificate_until: date | None = None
    agreement_signed: bool = False
    missing_courses: list[str] = field(default_factory=list)

    @property
    def certificate_valid(self) -> bool:
        return self.certificate_until is not None

    @property
    def ready(self) -> bool:
        return self.certificate_valid and self.agreement_signed and not self.missing_courses

    def problems(self) -> list[str]:
        out = []
        if not self.certificate_valid:
            out.append(_("no valid certificate of conduct"))
        if not self.agreement_signed:
            out.append(_("the current agreement of the role is not signed"))
        if self.missing_courses:
            out.append(_("required training missing: %(courses)s")
                       % {"courses": ", ".join(self.missing_courses)})
        return out


def valid_certificate_until(volunteer_ids, today: date | None = None) -> dict[int, date]:
    today = today or timezone.localdate()
    rows = (Certificate.objects.filter(volunteer_id__in=volunteer_ids,
                                       status=Certificate.Status.ISSUED,
                                       valid_until__gt=today)
            .values_list("volunteer_id", "valid_until"))
    out: dict[int, date] = {}
    for vid, until in rows:
        if vid not in out or until > out[vid]:
            out[vid] = until
    return out


def readiness_many(volunteers, today: date | None = None) -> dict[int, Readiness]:
    """Readiness of many volunteers in a fixed number of queries (four)."""
    today = today or timezone.localdate()
    volunteers = list(volunteers)
    ids = [v.pk for v in volunteers]
    certificates = valid_certificate_until(ids, today)
    role_ids = {v.role_id for v in volunteers if v.role_id}
    from asylon.volunteers.models import Agreement, VolunteerRole
    latest = {}
    for role_id, agreement_id in (Agreement.objects.filter(role_id__in=role_ids)
                                  .order_by("role_id", "-version")
                                  .values_list("role_id", "pk")):
        latest.setdefault(role_id, agreement_id)
    signed = set(Signature.objects.filter(volunteer_id__in=ids,
                                          agreement_id__in=latest.values())
                 .values_list("volunteer_id", flat=True))
    required: dict[int, dict[int, str]] = {}
    for role_id, course_id, name in (VolunteerRole.required_courses.through.objects
                                     .filter(volunteerrole_id__in=role_ids)
                                     .values_list("volunteerrole_id", "course_id",
                                                  "course__name")):
        required.setdefault(role_id, {})[course_id] = name
    done: dict[int, set[int]] = {}
    course_ids = {c for r in required.values() for c in r}
    if course_ids:
        for vid, cid, expires in (Enrolment.objects
                                  .filter(volunteer_id__in=ids, status=Enrolment.Status.ATTENDED,
                                          session__course_id__in=course_ids)
                                  .values_list("volunteer_id", "session__course_id",
                                               "expires_on")):
            if expires is None or expires > today:
                done.setdefault(vid, set()).add(cid)
    out = {}
    for v in volunteers:
        needed = required.get(v.role_id, {})
        out[v.pk] = Readiness(
            certificate_until=certificates.get(v.pk),
            agreement_signed=v.role_id in latest and v.pk in signed,
            missing_courses=sorted(name for cid, name in needed.items()
                                   if cid not in done.get(v.pk, set())))
    return out


def readiness(volunteer: Volunteer, today: date | None = None) -> Readiness:
    return readiness_many([volunteer], today)[volunteer.pk]
