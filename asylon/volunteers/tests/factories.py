"""Factories for the volunteers app, and `ready_volunteer()`: an active volunteer with a
valid certificate, the current agreement signed and the role's training done."""

import datetime

import factory
from django.utils import timezone

from asylon.core.roles import Role
from asylon.core.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from asylon.people.tests.factories import PersonFactory  # the one shared factory
from asylon.volunteers import models as m


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Reception centre {n}")
    kind = m.LocationKind.RECEPTION
    latitude = 52.37
    longitude = 4.89


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Course

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Course {n}")
    hours = 3
    valid_months = 24


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.VolunteerRole
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Language buddy {n}")
    department = m.Department.LANGUAGE
    tasks = "Practise Dutch together."
    boundaries = "No legal advice. No money."
    visible_fields = ["given_name", "languages", "phone"]
    max_clients = 2

    @factory.post_generation
    def agreement(obj, create, extracted, **kwargs):
        if create:
            m.Agreement.objects.create(organisation=obj.organisation, role=obj, version=1,
                                       text="I support my clients.", boundaries=obj.boundaries)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    location = factory.SubFactory(LocationFactory,
                                  organisation=factory.SelfAttribute("..organisation"))


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Volunteer

    organisation = factory.SubFactory(OrganisationFactory)
    full_name = factory.Sequence(lambda n: f"Volunteer {n}")
    email = factory.Sequence(lambda n: f"volunteer{n}@example.org")
    languages = "Arabic, Dutch"
    availability = ["mon-am", "wed-ev"]
    motivation = "I want to help."
    location = factory.SubFactory(LocationFactory,
                                  organisation=factory.SelfAttribute("..organisation"))


def ready_volunteer(organisation, *, role=None, membership=None, location=None, **fields):
    """Active, with a valid certificate and the current agreement signed."""
    role = role or RoleFactory(organisation=organisation)
    location = location or LocationFactory(organisation=organisation)
    volunteer = VolunteerFactory(organisation=organisation, role=role, location=location,
                                 stage=m.Stage.ACTIVE, membership=membership,
                                 started_on=timezone.localdate(), **fields)
    today = timezone.localdate()
    m.Certificate.objects.create(organisation=organisation, volunteer=volunteer,
                                 profile=m.ScreeningProfile.GENERAL,
                                 status=m.Certificate.Status.ISSUED,
                                 requested_on=today - datetime.timedelta(days=30),
                                 issued_on=today - datetime.timedelta(days=20),
                                 valid_until=today + datetime.timedelta(days=1000))
    m.Signature.objects.create(volunteer=volunteer, agreement=role.agreements.first())
    return volunteer


def volunteer_member(organisation, **user_fields):
    membership = MembershipFactory(role=Role.VOLUNTEER, organisation=organisation,
                                   user=UserFactory(**user_fields))
    membership.user.active_membership = membership
    membership.user.save(update_fields=["active_membership"])
    return membership


def open_request(organisation, *, role, location, person=None, language="Arabic", **fields):
    return m.SupportRequest.objects.create(
        organisation=organisation, person=person or PersonFactory(organisation=organisation),
        role=role, location=location, language=language, **fields)


def active_match(volunteer, person=None):
    person = person or PersonFactory(organisation=volunteer.organisation)
    return m.Match.objects.create(organisation=volunteer.organisation, volunteer=volunteer,
                                  person=person)


def matched_case(organisation, *, parts=("tasks", "appointments"), **member):
    """A caseworker, a client (Amal) with an open case, and her matched volunteer, whose
    role shows the given case parts: (caseworker, membership, volunteer, match, case)."""
    from asylon.casework.tests.factories import caseworker_of, open_case
    caseworker = caseworker_of(organisation)
    membership = volunteer_member(organisation, **member)
    volunteer = ready_volunteer(organisation, membership=membership,
                                **({"full_name": member["full_name"]} if "full_name" in member
                                   else {}))
    volunteer.role.visible_case_parts = list(parts)
    volunteer.role.save()
    person = PersonFactory(organisation=organisation, given_name="Amal")
    match = active_match(volunteer, person)
    case = open_case(organisation, actor=caseworker, person=person)
    return caseworker, membership, volunteer, match, case
