import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.monitoring.models import Consent, Gender, Incident, Testimony
from asylon.monitoring.services.common import require_own


def clean(data: dict) -> dict:
    from django_countries import countries

    errors = {}
    label = (data.get("label") or "").strip()[:60]
    if not label:
        errors["label"] = _("Give the witness a label such as “Witness A” "
                            "(never a name).")
    consent = data.get("consent") or ""
    if consent not in Consent.values:
        errors["consent"] = _("Choose the consent the witness gave.")
    gender = data.get("gender") or Gender.OTHER
    if gender not in Gender.values:
        errors["gender"] = _("Choose from the list.")
    age = data.get("age")
    if age not in (None, ""):
        try:
            age = int(age)
            if not 0 <= age <= 120:
                raise ValueError
        except (TypeError, ValueError):
            errors["age"] = _("Enter an age from 0 to 120.")
    else:
        age = None
    nationality = (data.get("nationality") or "").upper()
    if nationality and nationality not in dict(countries):
        errors["nationality"] = _("Choose a country.")
    interviewed_on = data.get("interviewed_on") or timezone.localdate()
    if isinstance(interviewed_on, str):
        try:
            interviewed_on = datetime.date.fromisoformat(interviewed_on)
        except ValueError:
            errors["interviewed_on"] = _("Enter a valid date.")
    if errors:
        raise ValidationError(errors)
    return {"label": label, "consent": consent, "gender": gender, "age": age,
            "nationality": nationality, "interviewed_on": interviewed_on,
            "narrative": (data.get("narrative") or "").strip(),
            "interpreter": (data.get("interpreter") or "").strip()[:200]}


@transaction.atomic
def testimony_add(*, actor, incident: Incident, data: dict, interviewer=None) -> Testimony:
    require_own(actor, "monitoring.record", incident)
    values = clean(data)
    testimony = Testimony.objects.create(
        organisation_id=incident.organisation_id, incident=incident,
        interviewer=interviewer if interviewer is not None else actor.user, **values)
    audit.record(actor=actor, action="create", obj=testimony, fields=list(values))
    return testimony


@transaction.atomic
def testimony_withdraw_consent(*, actor, testimony: Testimony) -> Testimony:
    """The witness withdrew consent: the record stays (for the organisation's own
    protection work), every later publication leaves it out."""
    require_own(actor, "monitoring.record", testimony)
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.consent_withdrawn_at is None:
        testimony.consent_withdrawn_at = timezone.now()
        testimony.save(update_fields=["consent_withdrawn_at", "updated_at"])
        audit.record(actor=actor, action="consent_withdraw", obj=testimony,
                     fields=["consent_withdrawn_at"])
    return testimony
