"""Test data for monitoring: valid incident fields, and records made through the services
(so that every factory record went through the same rules as a real one)."""

import datetime

from asylon.core.roles import Role
from asylon.core.tests.factories import MembershipFactory, UserFactory
from asylon.monitoring import services
from asylon.monitoring.models import Consent, Incident, Status


def incident_data(**overrides) -> dict:
    data = {
        "date_from": datetime.date(2025, 3, 14), "date_to": None,
        "border_section": "una", "latitude": "44.9", "longitude": "15.9",
        "country_from": "HR", "country_to": "BA", "group_size": 7, "minors": 2, "women": 1,
        "age_min": 9, "age_max": 41, "nationalities": ["AF", "SY"],
        "violations": ["pushback", "beating"], "institution": "border_police",
        "uniforms": "dark blue", "vehicles": "white van", "police_station": "Korenica",
        "asylum_intention": "yes", "documents_signed": "no", "interpreter_present": "no",
        "injuries": "yes", "narrative": "They were taken to the river at night.",
    }
    data.update(overrides)
    return data


def monitor(org, **user):
    return MembershipFactory(organisation=org, role=Role.FIELD_MONITOR,
                             user=UserFactory(**user))


def make_incident(org, *, author=None, testimony_consent=Consent.STATISTICS,
                  status=Status.DRAFT, **overrides) -> Incident:
    author = author or monitor(org)
    incident = services.incident_create(actor=author, data=incident_data(**overrides))
    if testimony_consent:
        services.testimony_add(actor=author, incident=incident, data={
            "label": "Witness A", "consent": testimony_consent, "gender": "man", "age": 30,
            "nationality": "AF", "narrative": "I was there.", "interpreter": "Pashto"})
    if status in (Status.REVIEWED, Status.VERIFIED, Status.REJECTED):
        second = monitor(org)
        services.incident_review(actor=second, incident=incident, confidence="high")
        if status != Status.REVIEWED:
            services.incident_decide(actor=second, incident=incident,
                                     verified=status == Status.VERIFIED, confidence="high")
    incident.refresh_from_db()
    return incident
