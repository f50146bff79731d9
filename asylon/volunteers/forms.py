from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from asylon.volunteers.models import (
    CasePart,
    ContactKind,
    Course,
    Department,
    HoursEntry,
    LocationKind,
    PersonField,
    Reference,
    ScreeningProfile,
    StopReason,
)
from asylon.volunteers.services.availability import SLOTS, slot_label


def slot_choices():
    return [(s, slot_label(s)) for s in SLOTS]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApplicationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    location = forms.ChoiceField(label=_("Where would you like to help?"))
    languages = forms.CharField(label=_("Languages you speak"), max_length=200,
                                help_text=_("Separate them with commas, e.g. Arabic, Dutch"))
    skills = forms.CharField(label=_("Skills and experience"), max_length=300, required=False)
    availability = forms.MultipleChoiceField(
        label=_("When are you usually free?"), widget=forms.CheckboxSelectMultiple,
        choices=slot_choices, required=False)
    max_travel_km = forms.IntegerField(label=_("How far can you travel (km)?"), min_value=1,
                                       max_value=200, initial=15)
    motivation = forms.CharField(label=_("Why would you like to volunteer?"),
                                 widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    website = forms.CharField(required=False, label=_("Leave this field empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def __init__(self, *args, locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [(str(loc.uuid), loc.name) for loc in locations]


class AssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    max_clients = forms.IntegerField(label=_("Clients at most (empty: the role's limit)"),
                                     min_value=0, max_value=30, required=False)
    availability = forms.MultipleChoiceField(
        label=_("Weekly availability"), widget=forms.CheckboxSelectMultiple,
        choices=slot_choices, required=False)

    def __init__(self, *args, roles=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "—")] + [(str(r.uuid), r.name) for r in roles]
        self.fields["team"].choices = [("", "—")] + [
            (str(t.uuid), f"{t.name} ({t.location.name})") for t in teams]


class StopForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *StopReason.choices])
    exit_conversation_on = forms.DateField(label=_("Exit conversation on"), required=False,
                                           widget=DateInput())
    exit_notes = forms.CharField(label=_("What came up in the exit conversation"),
                                 required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 max_length=2000)


class CertificateRequestForm(forms.Form):
    profile = forms.ChoiceField(label=_("Screening profile"), choices=ScreeningProfile.choices)
    requested_on = forms.DateField(label=_("Requested on"), widget=DateInput(),
                                   initial=timezone.localdate)


class CertificateOutcomeForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("issued", _("Issued")),
                                                             ("refused", _("Refused"))])


class ReferenceForm(forms.Form):
    name = forms.CharField(label=_("Name of the reference"), max_length=150)
    relation = forms.CharField(label=_("How they know the volunteer"), max_length=150)


class ReferenceOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        (Reference.Outcome.POSITIVE, Reference.Outcome.POSITIVE.label),
        (Reference.Outcome.CONCERNS, Reference.Outcome.CONCERNS.label)])
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput(),
                                 initial=timezone.localdate)


class EnrolForm(forms.Form):
    session = forms.ChoiceField(label=_("Training session"))

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [
            (str(s.uuid), f"{s.course.name} · "
                          f"{date_format(timezone.localtime(s.starts_at), 'SHORT_DATETIME_FORMAT')}")
            for s in sessions]


class LeaveForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())


class AvailabilityForm(forms.Form):
    availability = forms.MultipleChoiceField(
        label=_("When are you usually free?"), widget=forms.CheckboxSelectMultiple,
        choices=slot_choices, required=False,
        help_text=_("Your coordinator proposes clients at these times."))


class CheckInForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    wellbeing = forms.TypedChoiceField(label=_("How are things going?"), coerce=int, choices=[
        (1, _("1 – hard")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 – very well"))])
    note = forms.CharField(label=_("Short note"), max_length=300, required=False)


class RequestForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    location = forms.ChoiceField(label=_("Location"))
    language = forms.CharField(label=_("Language the volunteer should speak"), max_length=60)
    availability = forms.MultipleChoiceField(
        label=_("When (optional)"), widget=forms.CheckboxSelectMultiple, choices=slot_choices,
        required=False)

    def __init__(self, *args, roles=(), locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(str(r.uuid), r.name) for r in roles]
        self.fields["location"].choices = [(str(loc.uuid), loc.name) for loc in locations]


class EndMatchForm(forms.Form):
    reason = forms.CharField(label=_("Why does the match end?"), max_length=200)


class ContactForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=1440,
                                 required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *ContactKind.choices],
                             required=False)
    travel_km = forms.DecimalField(label=_("Travel (km)"), min_value=0, max_value=2000,
                                   decimal_places=1, initial=0, required=False)
    note = forms.CharField(label=_("Short note"), max_length=300, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("No sensitive detail: no health, no procedure details, "
                                       "no names of others."))


class HoursForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=4, decimal_places=2)
    activity = forms.ChoiceField(label=_("Activity"), choices=HoursEntry.Activity.choices)
    travel_km = forms.DecimalField(label=_("Travel (km)"), min_value=0, max_value=2000,
                                   decimal_places=1, initial=0, required=False)
    note = forms.CharField(label=_("Short note"), max_length=300, required=False)


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=LocationKind.choices)
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    location = forms.ChoiceField(label=_("Location"))

    def __init__(self, *args, locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [(str(loc.uuid), loc.name) for loc in locations]


class CoordinatorLocationsForm(forms.Form):
    locations = forms.MultipleChoiceField(label=_("Locations"), required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].choices = [(str(loc.uuid), loc.name) for loc in locations]


class TeamLeaderForm(forms.Form):
    leader = forms.ChoiceField(label=_("Team leader"), required=False,
                               help_text=_("An active member of the team."))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = [("", _("Nobody"))] + [
            (str(v.uuid), v.full_name) for v in members]


class RoleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    department = forms.ChoiceField(label=_("Department"), choices=Department.choices)
    tasks = forms.CharField(label=_("What the volunteer does"),
                            widget=forms.Textarea(attrs={"rows": 3}))
    boundaries = forms.CharField(label=_("Boundaries: what a volunteer in this role never does"),
                                 widget=forms.Textarea(attrs={"rows": 3}))
    visible_fields = forms.MultipleChoiceField(
        label=_("Person fields the volunteer sees"), choices=PersonField.choices,
        widget=forms.CheckboxSelectMultiple, required=False)
    visible_case_parts = forms.MultipleChoiceField(
        label=_("Parts of the client's case the volunteer sees"), choices=CasePart.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Never notes, documents, interventions or deadlines."))
    max_clients = forms.IntegerField(label=_("Clients per volunteer at most"), min_value=1,
                                     max_value=30, initial=3)
    required_courses = forms.MultipleChoiceField(
        label=_("Courses required before activation"), widget=forms.CheckboxSelectMultiple,
        required=False)

    def __init__(self, *args, courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_courses"].choices = [(str(c.uuid), c.name) for c in courses]


class CourseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    mode = forms.ChoiceField(label=_("Mode"), choices=Course.Mode.choices)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=5, decimal_places=1)
    valid_months = forms.IntegerField(label=_("Valid for (months, empty: never expires)"),
                                      min_value=1, max_value=120, required=False)


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    place = forms.CharField(label=_("Place or link"), max_length=200)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500)
