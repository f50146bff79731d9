"""Factories for casework tests. Tracks come from the shipped data (the migration loads
them), so tests use real stages and real deadline rules."""

from datetime import timedelta

from django.utils import timezone

from asylon.casework import services
from asylon.casework.models import InterventionType, Stage, Track
from asylon.core.models import Membership
from asylon.core.roles import Role
from asylon.core.tests.factories import MembershipFactory, UserFactory
from asylon.people.tests.factories import PersonFactory


def ensure_tracks() -> None:
    """The migration loads the shipped tracks, but a transactional test (browser tests)
    flushes the database afterwards; load them again when they are gone."""
    if not Track.objects.exists():
        from asylon.casework import tracks
        tracks.load()


def track(key="asylum-nl") -> Track:
    ensure_tracks()
    return Track.objects.get(key=key)


def stage(track_key, stage_key) -> Stage:
    ensure_tracks()
    return Stage.objects.get(track__key=track_key, key=stage_key)


def intervention_type(key="legal-memo") -> InterventionType:
    ensure_tracks()
    return InterventionType.objects.get(key=key)


def caseworker_of(organisation) -> Membership:
    return MembershipFactory(organisation=organisation, role=Role.CASEWORKER,
                             user=UserFactory())


def open_case(organisation=None, *, actor=None, person=None, track_key="asylum-nl",
              stage_key=None, days_ago=10, stage_days_ago=None, **kwargs):
    """A case opened through the service, as the UI would."""
    actor = actor or caseworker_of(organisation)
    organisation = actor.organisation
    person = person or PersonFactory(organisation=organisation)
    today = timezone.localdate()
    the_track = track(track_key)
    return services.case_open(
        actor=actor, person=person if kwargs.get("household") is None else None,
        track=the_track,
        stage=stage(track_key, stage_key) if stage_key else None,
        opened_on=today - timedelta(days=days_ago),
        stage_entered_on=today - timedelta(days=days_ago if stage_days_ago is None
                                           else stage_days_ago),
        responsible=kwargs.pop("responsible", actor.user), **kwargs)


def accept_partner(organisation, partner):
    """`organisation` accepts `partner` as a receiver of its referrals."""
    from asylon.casework.models import ReferralPartner
    return ReferralPartner.objects.get_or_create(organisation=organisation, partner=partner)[0]
