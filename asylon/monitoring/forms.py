import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from asylon.core import uploads
from asylon.monitoring import geo
from asylon.monitoring.models import Confidence, Consent, Gender, Institution, Violation, YesNo
from asylon.monitoring.services import evidence


def _countries():
    return [("", "—")] + list(countries)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class IncidentForm(forms.Form):
    """Parses what was typed; the rules (a range that ends before it starts, a point
    outside its border section, more minors than people) live in the service."""

    date_from = forms.DateField(label=_("Date (or first day)"), widget=DateInput())
    date_to = forms.DateField(label=_("Last day, if a range"), required=False,
                              widget=DateInput())
    border_section = forms.ChoiceField(label=_("Border section"),
                                       choices=[("", "—")] + geo.CHOICES)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=8,
                                  decimal_places=5)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=8,
                                   decimal_places=5)
    country_from = forms.ChoiceField(label=_("Pushed from (country)"), choices=_countries)
    country_to = forms.ChoiceField(label=_("Pushed to (country)"), choices=_countries)
    group_size = forms.IntegerField(label=_("People in the group"), min_value=0)
    minors = forms.IntegerField(label=_("Of whom minors"), min_value=0, required=False)
    women = forms.IntegerField(label=_("Of whom women and girls"), min_value=0, required=False)
    age_min = forms.IntegerField(label=_("Youngest (age)"), min_value=0, required=False)
    age_max = forms.IntegerField(label=_("Oldest (age)"), min_value=0, required=False)
    nationalities = forms.MultipleChoiceField(label=_("Nationalities"), required=False,
                                              choices=list(countries))
    violations = forms.MultipleChoiceField(label=_("Violations"), choices=Violation.choices,
                                           widget=forms.CheckboxSelectMultiple)
    institution = forms.ChoiceField(label=_("Alleged perpetrators"),
                                    choices=Institution.choices, initial=Institution.UNKNOWN)
    uniforms = forms.CharField(label=_("Uniforms"), required=False, max_length=200)
    vehicles = forms.CharField(label=_("Vehicles"), required=False, max_length=200)
    police_station = forms.CharField(label=_("Police station"), required=False,
                                     max_length=200)
    asylum_intention = forms.ChoiceField(label=_("Intention to seek asylum expressed"),
                                         choices=YesNo.choices, initial=YesNo.UNKNOWN)
    documents_signed = forms.ChoiceField(label=_("Documents signed"), choices=YesNo.choices,
                                         initial=YesNo.UNKNOWN)
    interpreter_present = forms.ChoiceField(label=_("Interpreter present"),
                                            choices=YesNo.choices, initial=YesNo.UNKNOWN)
    injuries = forms.ChoiceField(label=_("Injuries"), choices=YesNo.choices,
                                 initial=YesNo.UNKNOWN)
    narrative = forms.CharField(label=_("Narrative (stored encrypted)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 6}))
    chain_with = forms.CharField(label=_("Same chain as incident (reference)"),
                                 required=False, max_length=20,
                                 help_text=_("When the group was pushed back across several "
                                             "borders in a row."))

    submission_id = forms.UUIDField(widget=forms.HiddenInput, required=False,
                                    initial=uuid.uuid4)

    @classmethod
    def initial_from(cls, incident) -> dict:
        data = {name: getattr(incident, name) for name in cls.base_fields
                if hasattr(incident, name) and name not in ("violations", "nationalities",
                                                            "chain_with", "submission_id")}
        data["violations"] = list(incident.violations.values_list("code", flat=True))
        data["nationalities"] = [c.code for c in incident.nationalities]
        data["country_from"] = incident.country_from.code
        data["country_to"] = incident.country_to.code
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in items if d]


class PartnerIncidentForm(IncidentForm):
    label = forms.CharField(label=_("Witness label (never a name)"), required=False,
                            max_length=60)
    consent = forms.ChoiceField(label=_("Consent the witness gave"),
                                choices=[("", "—")] + Consent.choices, required=False)
    files = MultipleFileField(label=_("Photos or documents"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["chain_with"]


class TestimonyForm(forms.Form):
    label = forms.CharField(label=_("Witness label (never a name)"), max_length=60)
    consent = forms.ChoiceField(label=_("Consent"), choices=Consent.choices,
                                widget=forms.RadioSelect)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices,
                               initial=Gender.OTHER)
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=_countries, required=False)
    interviewed_on = forms.DateField(label=_("Interviewed on"), widget=DateInput())
    interpreter = forms.CharField(label=_("Interpreter"), required=False, max_length=200)
    narrative = forms.CharField(label=_("Testimony (stored encrypted)"),
                                widget=forms.Textarea(attrs={"rows": 8}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=uploads.help_text_lazy(
        uploads.EVIDENCE, evidence.max_bytes))
    description = forms.CharField(label=_("Description"), required=False, max_length=500)


class ReviewForm(forms.Form):
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices,
                                   widget=forms.RadioSelect)


class DecideForm(ReviewForm):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("verify", _("Verified")), ("reject", _("Rejected"))])


class CorroborationForm(forms.Form):
    other_reference = forms.CharField(label=_("Reference of the other incident"),
                                      max_length=20)
    note = forms.CharField(label=_("How they corroborate each other"), required=False,
                           max_length=300)


class PublicationForm(forms.Form):
    period_start = forms.DateField(label=_("First day"), widget=DateInput())
    period_end = forms.DateField(label=_("Last day"), widget=DateInput())
    threshold = forms.IntegerField(label=_("Smallest published count"), min_value=1)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)


class IntakeLinkForm(forms.Form):
    partner_name = forms.CharField(label=_("Partner organisation"), max_length=200)
