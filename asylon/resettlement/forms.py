from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from asylon.resettlement.models import Dimension, MilestoneStatus, Need, PartyKind, Stage, Track
from asylon.resettlement.services.offers import SERVICES

SERVICE_LABELS = {
    "housing": _("Finding and renting a home"), "furnishing": _("Furnishing the home"),
    "school": _("School enrolment and contact with the school"),
    "doctor": _("Registering with a family doctor"), "work": _("Guidance to work"),
    "paperwork": _("Paperwork: municipality, bank, insurance"),
    "language": _("Language practice"),
}


class DateInput(forms.DateInput):
    input_type = "date"


class ProgrammeYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quota = forms.IntegerField(label=_("Pledged quota (persons)"), min_value=1)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))


class CaseReferForm(forms.Form):
    household = forms.ChoiceField(label=_("Household"))
    reference = forms.CharField(label=_("Reference"), max_length=40,
                                help_text=_("The agency's case number, e.g. BE-2026-014."))
    needs = forms.MultipleChoiceField(label=_("Needs for placement"), required=False,
                                      choices=Need.choices, widget=forms.CheckboxSelectMultiple)
    on = forms.DateField(label=_("Referred on"), widget=DateInput, required=False)

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [("", "—")] + [(str(h.uuid), h.name)
                                                          for h in households]


class CaseMoveForm(forms.Form):
    to = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    on = forms.DateField(label=_("On"), widget=DateInput, required=False)
    reason = forms.CharField(label=_("Reason (for a withdrawal or rejection)"), required=False,
                             max_length=300)

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s, Stage(s).label) for s in allowed]


class InterestStartForm(forms.Form):
    partner_name = forms.CharField(
        label=_("Organisation making the offer"), max_length=200,
        help_text=_("If several organisations make the offer together (a municipality with "
                    "an NGO, a sponsorship group with its partner), name the lead one here; "
                    "you add the others, and more contact persons, from the link."))
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=PartyKind.choices,
                             required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_email = forms.EmailField(label=_("Contact e-mail address"))
    locality = forms.CharField(label=_("Municipality"), max_length=120, required=False)
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices,
                              widget=forms.RadioSelect)


class StepOneForm(forms.Form):
    partner_name = forms.CharField(label=_("Lead organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=PartyKind.choices)
    contact_name = forms.CharField(label=_("Contact person"), max_length=150,
                                   help_text=_("The person our e-mails and links go to."))
    locality = forms.CharField(label=_("Municipality"), max_length=120, required=False)


class PartyForm(forms.Form):
    """Another organisation making the offer, with its first contact person."""

    name = forms.CharField(label=_("Organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=PartyKind.choices)
    contact_name = forms.CharField(label=_("Its contact person"), max_length=150)
    contact_email = forms.EmailField(label=_("Their e-mail address"))
    phone = forms.CharField(label=_("Their telephone"), max_length=40, required=False)
    function = forms.CharField(label=_("Their function"), max_length=100, required=False,
                               help_text=_("e.g. social worker, volunteer coordinator"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "party")
        super().__init__(*args, **kwargs)


class ContactForm(forms.Form):
    """One more contact person of one of the offer's organisations."""

    party = forms.ChoiceField(label=_("Organisation"))
    contact_name = forms.CharField(label=_("Name"), max_length=150)
    contact_email = forms.EmailField(label=_("E-mail address"))
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    function = forms.CharField(label=_("Function"), max_length=100, required=False)

    def __init__(self, *args, parties=(), **kwargs):
        kwargs.setdefault("prefix", "contact")
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(str(p.uuid), p.name) for p in parties]


class StepTwoForm(forms.Form):
    group_size = forms.IntegerField(label=_("Members of the welcome group"), min_value=0,
                                    required=False)
    group_languages = forms.CharField(label=_("Languages the group speaks"), required=False,
                                      max_length=200,
                                      help_text=_("Separated by commas, e.g. Arabic, Dutch."))


class HomeForm(forms.Form):
    bedrooms = forms.IntegerField(label=_("Bedrooms"), min_value=1, max_value=10)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    near_medical = forms.BooleanField(label=_("Near medical follow-up"), required=False)
    school_places = forms.IntegerField(label=_("School places nearby"), min_value=0,
                                       required=False)
    available_from = forms.DateField(label=_("Available from"), widget=DateInput)
    months = forms.IntegerField(label=_("For how many months"), min_value=1, initial=12)


class StepFourForm(forms.Form):
    services = forms.MultipleChoiceField(
        label=_("Services you commit to"), widget=forms.CheckboxSelectMultiple,
        choices=[(s, SERVICE_LABELS[s]) for s in SERVICES])
    largest_household = forms.IntegerField(label=_("Largest household you can take (persons)"),
                                           min_value=1, required=False)
    preferences = forms.CharField(
        label=_("Preferences"), required=False, max_length=300,
        help_text=_("Languages or household types you are best prepared for, separated by "
                    "commas (e.g. Arabic, family, single parent)."))


class CapacityForm(forms.Form):
    def __init__(self, *args, initial_capacity=None, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Dimension.choices:
            self.fields[value] = forms.IntegerField(
                label=label, required=value in (Dimension.PERSONS, Dimension.HOUSEHOLDS),
                initial=(initial_capacity or {}).get(value))
        self.fields["unemployment_rate"] = forms.FloatField(
            label=_("Local unemployment rate (0–1)"), required=False, min_value=0, max_value=1)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("changes", _("Ask for changes")),
                                          ("approve", _("Approve")),
                                          ("decline", _("Decline"))],
                                 widget=forms.RadioSelect, label=_("Decision"))
    note = forms.CharField(label=_("What should change, or why you decline"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RunForm(forms.Form):
    cases = forms.MultipleChoiceField(label=_("Households"), widget=forms.CheckboxSelectMultiple)
    offers = forms.MultipleChoiceField(label=_("Offers"), widget=forms.CheckboxSelectMultiple)
    preference_weight = forms.FloatField(
        label=_("Weight of the households' preferences"), initial=0.2, min_value=0,
        max_value=5)
    time_limit = forms.FloatField(label=_("Time limit (seconds)"), initial=10, min_value=1,
                                  max_value=120)
    outcome_model = forms.ChoiceField(
        label=_("Scores"), required=False,
        help_text=_("A model trained on your own evaluated years of guidance, or the "
                    "configured scores."))

    def __init__(self, *args, cases=(), offers=(), models=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_model"].choices = [("", _("Configured scores"))] + [
            (str(m.uuid), _("%(label)s (trained %(d)s, %(n)d households)") % {
                "label": m.label, "d": date_format(timezone.localtime(m.created_at),
                                                   "SHORT_DATE_FORMAT"),
                "n": m.households}) for m in models]
        self.fields["cases"].choices = [(str(c.uuid), f"{c.reference} · {c.household.name} · "
                                         f"{c.persons}") for c in cases]
        self.fields["offers"].choices = [(str(o.uuid), o.partner_name) for o in offers]


class LockForm(forms.Form):
    case = forms.UUIDField(widget=forms.HiddenInput)
    offer = forms.ChoiceField(label=_("Place with"))
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [("", _("Release the lock"))] + [
            (str(o.uuid), o.partner_name) for o in offers]


class MilestoneForm(forms.Form):
    milestone = forms.UUIDField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    done_on = forms.DateField(label=_("Done on"), widget=DateInput, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class EvaluationForm(forms.Form):
    evaluation = forms.CharField(label=_("End-of-year evaluation"),
                                 widget=forms.Textarea(attrs={"rows": 4}))
    adults_employed = forms.IntegerField(label=_("Adults in work after the year"),
                                         min_value=0, required=False)


class PopulationImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file from the statistics office"))
    source = forms.CharField(label=_("Source"), max_length=200,
                             initial="CBS StatLine 03759ned")
    on = forms.DateField(label=_("Population on"), widget=DateInput)


class PeriodForm(forms.Form):
    label = forms.CharField(label=_("Half-year"), max_length=20,
                            help_text=_("e.g. 2026-H2"))
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    national_total = forms.IntegerField(label=_("National number of status holders"),
                                        min_value=0)
    previous = forms.ChoiceField(label=_("Previous half-year (for backlog and advance)"),
                                 required=False)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["previous"].choices = [("", "—")] + [(str(p.uuid), p.label)
                                                         for p in periods]


class PublishedImportForm(forms.Form):
    file = forms.FileField(label=_("Published target list (CSV: code, taakstelling)"))


class HousedForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    housed = forms.IntegerField(label=_("Housed"), min_value=0)


class WebinarForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            initial=_("Partnership tracks: information webinar"))
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    hours = forms.FloatField(label=_("Duration (hours)"), initial=1.5, min_value=0.25,
                             max_value=8)
    seats = forms.IntegerField(label=_("Seats"), initial=50, min_value=1)
    online_url = forms.URLField(label=_("Link to the online meeting"))


class WaitingForm(forms.Form):
    household = forms.ChoiceField(label=_("Household"))
    reference = forms.CharField(label=_("Reference"), max_length=40)
    status_granted_on = forms.DateField(label=_("Status granted on"), widget=DateInput)
    preferred = forms.MultipleChoiceField(
        label=_("Preferred municipalities (family, work, study, treatment)"), required=False,
        help_text=_("At most three."), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, households=(), municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [("", "—")] + [(str(h.uuid), h.name)
                                                          for h in households]
        self.fields["preferred"].choices = [(m.code, f"{m.name} ({m.code})")
                                            for m in municipalities]


class DispersalForm(forms.Form):
    households = forms.MultipleChoiceField(label=_("Waiting households"),
                                           widget=forms.CheckboxSelectMultiple)
    tolerance = forms.IntegerField(
        label=_("Tolerance above the target (%)"), initial=0, min_value=0, max_value=50,
        help_text=_("Room beyond each municipality's target the engine may use to keep "
                    "families whole."))
    preference_weight = forms.FloatField(
        label=_("Weight of the households' preferences"), initial=1, min_value=0, max_value=5)
    time_limit = forms.FloatField(label=_("Time limit (seconds)"), initial=10, min_value=1,
                                  max_value=120)

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["households"].choices = [
            (str(w.uuid), f"{w.reference} · {w.household.name} · {w.persons}")
            for w in households]
