import datetime

from django.core import mail
from django.utils import timezone

from asylon.volunteers.models import Volunteer
from asylon.volunteers.reminders import send_reminders
from asylon.volunteers.tests.factories import VolunteerFactory, ready_volunteer


def test_a_stalled_step_is_reminded_once_without_names(coordinator, own_org):
    volunteer = VolunteerFactory(organisation=own_org, full_name="Hidden Name")
    Volunteer.objects.filter(pk=volunteer.pk).update(
        stage_changed_at=timezone.now() - datetime.timedelta(days=10))
    assert send_reminders()["digests"] == 1
    assert "Applied: 1" in mail.outbox[0].body and "Hidden Name" not in mail.outbox[0].body
    assert send_reminders()["digests"] == 0


def test_a_certificate_due_for_renewal_reminds_the_volunteer_once(own_org):
    volunteer = ready_volunteer(own_org)
    volunteer.certificates.update(valid_until=timezone.localdate() + datetime.timedelta(days=20))
    assert send_reminders()["renewal"] == 1
    assert mail.outbox[0].to == [volunteer.email]
    assert send_reminders()["renewal"] == 0


def test_a_coordinator_limited_to_a_location_hears_only_of_theirs(coordinator, org_admin,
                                                                  own_org):
    from asylon.volunteers import services
    from asylon.volunteers.tests.factories import LocationFactory
    theirs, other = LocationFactory(organisation=own_org), LocationFactory(organisation=own_org)
    services.coordinator_locations_set(actor=org_admin, coordinator=coordinator,
                                       locations=[theirs])
    volunteer = VolunteerFactory(organisation=own_org, location=other)
    Volunteer.objects.filter(pk=volunteer.pk).update(
        stage_changed_at=timezone.now() - datetime.timedelta(days=10))
    assert send_reminders()["digests"] == 0
    assert mail.outbox == []
