"""Demo caseloads for the partner NGOs: cases on the shipped tracks in various stages,
deadlines (some overdue, some due this week), interventions, appointments, a group
session, and a referral from Lesvos Legal Aid Centre to the Dutch Refugee Council.

Idempotent: each demo case has a fixed reference ("DEMO-…") and is skipped when present.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from asylon.casework import report_figures, services
from asylon.casework.models import Case, GroupSession, InterventionType, Referral, Stage, Track
from asylon.core.models import ConsentPurpose
from asylon.core.services import consent_give

# reference, organisation's membership key, person key (or household key with "hh:"),
# track, [(stage, days ago)], location, interventions [(type, days ago, outcome, minutes)]
CASES = [
    ("DEMO-LES-001", "lesvos_lawyer", "ahmad_rahimi", "asylum-gr",
     [("registered", 200), ("interview-scheduled", 120), ("interviewed", 60),
      ("decision-negative", 33)], "Mytilene (Mavrovouni)",
     [("legal-information", 190, "achieved", 45), ("interview-preparation", 125, "achieved", 120),
      ("vulnerability-assessment", 110, "achieved", 90)]),
    ("DEMO-LES-002", "lesvos_lawyer", "zahra_rahimi", "asylum-gr",
     [("registered", 200), ("interview-scheduled", 20)], "Mytilene (Mavrovouni)",
     [("vulnerability-assessment", 30, "achieved", 60),
      ("geographic-restriction", 15, "pending", 90)]),
    ("DEMO-LES-003", "lesvos_lawyer", "mohammed_haddad", "asylum-gr",
     [("registered", 400), ("interview-scheduled", 300), ("interviewed", 250),
      ("decision-negative", 200), ("appeal-lodged", 190)], "Mytilene (Mavrovouni)",
     [("appeal", 190, "pending", 240), ("legal-memo", 185, "achieved", 180),
      ("detention-release", 90, "achieved", 120)]),
    ("DEMO-LES-004", "lesvos_lawyer", "grace_mukendi", "asylum-gr",
     [("registered", 90), ("interview-scheduled", 40), ("interviewed", 26),
      ("decision-negative", 26)], "Mytilene (Mavrovouni)",
     [("legal-information", 85, "achieved", 30), ("social-referral", 80, "achieved", 30),
      ("family-tracing", 60, "partly", 60)]),
    ("DEMO-LES-005", "lesvos_lawyer", "leila_haddad", "dublin",
     [("lodged", 80), ("request-sent", 70)], "Mytilene (Mavrovouni)",
     [("legal-memo", 72, "achieved", 90)]),
    ("DEMO-BAL-001", "balkans_caseworker", "javad_karimi", "asylum-gr",
     [("registered", 50)], "Belgrade",
     [("legal-information", 48, "achieved", 45), ("family-tracing", 40, "pending", 60)]),
    ("DEMO-CUR-001", "caribbean_caseworker", "maria_mendoza", "work-education",
     [("intake", 120), ("language", 100)], "Willemstad",
     [("social-referral", 110, "achieved", 30)]),
    ("DEMO-NL-001", "caseworker", "tesfay_gebremichael", "asylum-nl",
     [("registered", 160), ("rest-period", 150), ("general-procedure", 120),
      ("extended-procedure", 110), ("intended-refusal", 24)], "Ter Apel",
     [("interview-preparation", 125, "achieved", 120), ("legal-memo", 20, "pending", 180)]),
    ("DEMO-NL-002", "caseworker", "senait_tekle", "family-reunification",
     [("status-granted", 70)], "Amsterdam", [("legal-information", 65, "achieved", 45)]),
    ("DEMO-NL-003", "caseworker", "fatima_alamri", "housing",
     [("status-granted", 60), ("linked", 62 - 10)], "Utrecht",
     [("social-referral", 40, "achieved", 30)]),
    ("DEMO-NL-004", "caseworker", "emre_ozturk", "civic-integration",
     [("duty-started", 300), ("broad-intake", 250), ("plan-agreed", 200), ("learning", 180)],
     "Zwolle", [("legal-information", 290, "achieved", 30)]),
    ("DEMO-NL-005", "caseworker", "omar_alhassan", "asylum-nl",
     [("registered", 500), ("rest-period", 490), ("general-procedure", 470), ("granted", 400)],
     "Amsterdam", [("representation-first-instance", 470, "achieved", 240)]),
    ("DEMO-NL-006", "coordinator", "hh:al_amri", "family-reunification",
     [("status-granted", 200), ("application-filed", 150), ("interview", 90)], "Amsterdam",
     [("legal-memo", 140, "achieved", 120)]),
]


def _person_or_household(world, key):
    if key.startswith("hh:"):
        return None, world.extra.get("households", {}).get(key[3:])
    return world.extra.get("persons", {}).get(key), None


def seed(world) -> None:
    if "persons" not in world.extra:
        return  # the people demo did not run; nothing to open cases for
    if not Track.objects.exists():
        # The migration loads the shipped tracks; a database emptied since (a flush)
        # needs them again before cases can be opened on them.
        from asylon.casework import tracks
        tracks.load()
    today = timezone.localdate()
    types = {t.key: t for t in InterventionType.objects.all()}
    for reference, member_key, subject_key, track_key, path, location, interventions in CASES:
        actor = world.memberships.get(member_key)
        person, household = _person_or_household(world, subject_key)
        if actor is None or (person is None and household is None):
            continue
        if Case.objects.filter(organisation=actor.organisation, reference=reference).exists():
            continue
        track = Track.objects.get(key=track_key)
        stages = {s.key: s for s in Stage.objects.filter(track=track)}
        (first, first_ago), *later = path
        case = services.case_open(
            actor=actor, person=person, household=household, track=track, stage=stages[first],
            opened_on=today - timedelta(days=first_ago),
            stage_entered_on=today - timedelta(days=first_ago), responsible=actor.user,
            location=location, reference=reference)
        for stage_key, ago in later:
            case = services.case_move_stage(actor=actor, case=case, stage=stages[stage_key],
                                            entered_on=today - timedelta(days=ago))
        for type_key, ago, outcome, minutes in interventions:
            services.intervention_log(actor=actor, case=case, type=types[type_key],
                                      date=today - timedelta(days=ago), outcome=outcome,
                                      minutes_spent=minutes,
                                      summary="Demo: discussed the procedure and next steps.")
        if case.is_open:
            start = timezone.make_aware(datetime.combine(today + timedelta(days=2), time(10)))
            services.appointment_add(actor=actor, case=case, title="Meeting with the client",
                                     starts_at=start, ends_at=start + timedelta(hours=1),
                                     place=location, assignees=[actor.user])
            services.task_add(actor=actor, case=case, title="Collect supporting documents",
                              due_on=today + timedelta(days=5), assignee=actor.user)
            services.note_add(actor=actor, case=case,
                              body="Demo note: client prefers contact through the interpreter.")
    _group_session(world, today)
    _partners(world)
    _referral(world)
    _reporting_consent(world)
    # The reports page reads precomputed figures; the demo starts with them computed.
    for organisation in world.orgs.values():
        report_figures.refresh(organisation.pk)


def _reporting_consent(world):
    """The Dutch council and the Lesvos centre share their aggregated figures with funders
    and networks (the funder's analyst sees them); the other partners keep the default."""
    for admin_key in ("admin", "lesvos_admin"):
        admin = world.memberships.get(admin_key)
        if admin is not None:
            services.reporting_consent_set(actor=admin, share_with_funders=True)


def _group_session(world, today):
    actor = world.memberships.get("lesvos_lawyer")
    if actor is None or GroupSession.objects.filter(organisation=actor.organisation,
                                                    topic="The asylum interview").exists():
        return
    persons = world.extra["persons"]
    attendees = [persons[k] for k in ("ahmad_rahimi", "zahra_rahimi", "grace_mukendi")
                 if k in persons]
    services.group_session_save(actor=actor, topic="The asylum interview",
                                date=today - timedelta(days=14), place="Mavrovouni, tent B",
                                language="Dari", interpreter=True, attendees=attendees,
                                anonymous_count=11)


PARTNERS = [
    ("admin", "lesvos", "Demo: cooperation agreement on Dublin family cases, 2025"),
    ("admin", "balkans", "Demo: network member, due diligence 2026"),
    ("lesvos_admin", "council", "Demo: cooperation agreement on Dublin family cases, 2025"),
]


def _partners(world):
    """Each demo NGO's vetted referral partners (not the embassy, ministry or funders)."""
    for admin_key, org_key, note in PARTNERS:
        admin, partner = world.memberships.get(admin_key), world.orgs.get(org_key)
        if admin is not None and partner is not None:
            services.referral_partner_add(actor=admin, partner=partner, note=note)


def _referral(world):
    lawyer = world.memberships.get("lesvos_lawyer")
    council = world.orgs.get("council")
    receiver = world.memberships.get("caseworker")
    case = Case.objects.filter(reference="DEMO-LES-005").first()
    if not (lawyer and council and receiver and case) or \
            Referral.objects.filter(case=case, to_organisation=council).exists():
        return
    consent_give(actor=lawyer, subject=case.person, purpose=ConsentPurpose.REFERRAL,
                 recipient=council, note="Demo: oral consent with interpreter, recorded in file")
    referral = services.referral_create(
        actor=lawyer, case=case, to_organisation=council,
        parts=["person", "stages", "interventions"],
        message="Demo: the client's sister lives in Utrecht; Dublin family criteria apply.")
    services.referral_respond(actor=receiver, referral=referral, accept=True,
                              note="We will take this on from Amsterdam.")
