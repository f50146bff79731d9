import zoneinfo
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from asylon.core import uploads
from asylon.core.forms import NewPasswordForm
from asylon.core.models import OrganisationKind
from asylon.core.widgets import SearchableSelect, SearchableSelectMultiple
from asylon.grants.models import (
    ActivityKind,
    Currency,
    Decision,
    DueDiligenceKind,
    Unit,
)
from asylon.grants.services.files import MAX_ATTACHMENT_BYTES

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _country_picker(many=False):
    attrs = {"data-placeholder": _("Type a country's name"),
             "data-no-results": _("No country has this name.")}
    return SearchableSelectMultiple(attrs) if many else SearchableSelect(attrs)


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=[(z, z) for z in TIME_ZONES], **kwargs)


class RegisterForm(NewPasswordForm):
    organisation_name = forms.CharField(label=_("Name of your organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Type of organisation"), choices=[
        (OrganisationKind.NGO, OrganisationKind.NGO.label),
        (OrganisationKind.NETWORK, OrganisationKind.NETWORK.label),
        (OrganisationKind.MUNICIPALITY, OrganisationKind.MUNICIPALITY.label)])
    country = forms.ChoiceField(label=_("Country"), choices=list(countries),
                                widget=_country_picker())
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    time_zone = TimeZoneField(label=_("Your time zone"), initial="Europe/Athens",
                              help_text=_("Deadlines are shown in your time zone as well."))
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address"))
    field_order = ["organisation_name", "kind", "country", "city", "website", "time_zone",
                   "full_name", "email", "password1", "password2"]


class BasicsForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}),
                              required=False)
    country = forms.ChoiceField(label=_("Country of the project"), choices=list(countries),
                                widget=_country_picker())
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    duration_months = forms.IntegerField(label=_("Duration (months)"), required=False,
                                         min_value=1, max_value=120)
    applicant_time_zone = TimeZoneField(label=_("Your time zone"))


class AnswersForm(forms.Form):
    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question["key"]] = forms.CharField(
                label=question["label"], required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}))


class BudgetForm(forms.Form):
    requested_amount = forms.DecimalField(label=_("Total amount requested"), min_value=0,
                                          max_digits=14, decimal_places=2, required=False)


class BudgetLineForm(forms.Form):
    category = forms.CharField(label=_("Category"), max_length=120, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=14, decimal_places=2,
                                required=False)

    def clean(self):
        data = super().clean()
        if data.get("amount") is not None and not data.get("category"):
            self.add_error("category", _("Name the category of this line."))
        if data.get("category") and data.get("amount") is None:
            self.add_error("amount", _("Give the amount of this line."))
        return data


# absolute_max: a forged TOTAL_FORMS of millions builds at most this many forms (issue 11).
BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=3, max_num=40, absolute_max=40,
                                         validate_max=True)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=uploads.help_text_lazy(
        uploads.GRANT_ATTACHMENTS, MAX_ATTACHMENT_BYTES))
    description = forms.CharField(label=_("What is it?"), max_length=200, required=False)


class ScreenForm(forms.Form):
    eligible = forms.TypedChoiceField(label=_("Eligibility"), coerce=lambda v: v == "yes",
                                      choices=[("yes", _("Eligible: send to review")),
                                               ("no", _("Not eligible"))],
                                      widget=forms.RadioSelect)
    note = forms.CharField(label=_("Screening note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda m: m.user.full_name


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this applicant?"),
        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("no", _("No, I have no conflict of interest")),
                 ("yes", _("Yes, I have a conflict of interest"))])
    note = forms.CharField(label=_("If yes, what is it?"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ScoreForm(forms.Form):
    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(criterion)s: score (0–%(max)s)") % {"criterion": criterion.name,
                                                               "max": criterion.max_score},
                min_value=0, max_value=criterion.max_score, help_text=criterion.description)
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("%(criterion)s: comment") % {"criterion": criterion.name},
                required=False, widget=forms.Textarea(attrs={"rows": 2}))
        self.fields["comment"] = forms.CharField(label=_("Overall comment"), required=False,
                                                 widget=forms.Textarea(attrs={"rows": 3}))

    def scores(self):
        return {c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
                for c in self.criteria}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices,
                                 widget=forms.RadioSelect)
    amount = forms.DecimalField(label=_("Amount awarded"), required=False, min_value=0,
                                max_digits=14, decimal_places=2)
    minutes = forms.CharField(label=_("Minutes of the panel"),
                              widget=forms.Textarea(attrs={"rows": 5}))


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    min_amount = forms.DecimalField(label=_("Smallest amount"), min_value=0, initial=0,
                                    max_digits=14, decimal_places=2)
    max_amount = forms.DecimalField(label=_("Largest amount"), min_value=0, max_digits=14,
                                    decimal_places=2)
    min_months = forms.IntegerField(label=_("Shortest duration (months)"), min_value=1, initial=6)
    max_months = forms.IntegerField(label=_("Longest duration (months)"), min_value=1, initial=24)
    eligible_countries = forms.MultipleChoiceField(
        label=_("Eligible countries"), choices=list(countries), required=False,
        widget=_country_picker(many=True),
        help_text=_("Leave empty to accept every country."))
    eligible_kinds = forms.MultipleChoiceField(label=_("Eligible organisation types"),
                                               choices=OrganisationKind.choices, required=False)
    questions = forms.CharField(
        label=_("Application questions"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question a line."))
    required_attachments = forms.IntegerField(label=_("Attachments required"), min_value=0,
                                              initial=1)
    opens_at = forms.DateTimeField(label=_("Opens"), widget=DATETIME)
    deadline = forms.DateTimeField(label=_("Deadline"), widget=DATETIME)
    time_zone = TimeZoneField(label=_("Time zone of the dates"), initial="Europe/Amsterdam")
    published = forms.BooleanField(label=_("Published on the portal"), required=False,
                                   initial=True)

    def clean_questions(self):
        return [{"key": f"q{i + 1}", "label": line.strip(), "required": True}
                for i, line in enumerate(x for x in self.cleaned_data["questions"].splitlines()
                                         if x.strip())]


class CriterionForm(forms.Form):
    """One line of a call's rubric editor. Empty lines are left out."""

    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # dir="auto": a criterion typed in Latin script reads from its start on an Arabic page.
    name = forms.CharField(label=_("Criterion"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"dir": "auto"}))
    description = forms.CharField(label=_("Guidance for reviewers"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))
    max_score = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100,
                                   initial=5, required=False)
    weight = forms.DecimalField(label=_("Weight"), min_value=Decimal("0.01"),
                                max_value=100, max_digits=5, decimal_places=2,
                                initial=Decimal("1"), required=False,
                                help_text=_("How much this criterion counts in the ranking "
                                            "against the others: 2 counts twice as much as 1."))

    def clean(self):
        data = super().clean()
        if not data.get("name"):
            if data.get("description"):
                self.add_error("name", _("Name this criterion."))
            return data
        if data.get("max_score") is None:
            self.add_error("max_score", _("Give the highest score."))
        if data.get("weight") is None:
            self.add_error("weight", _("Give the weight."))
        return data

    @property
    def is_blank(self) -> bool:
        return not self.cleaned_data.get("name")


# absolute_max: a forged TOTAL_FORMS builds at most this many forms.
CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=20, absolute_max=20,
                                         validate_max=True)


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Date the agreement was signed"), widget=DATE)


class PayForm(forms.Form):
    paid_on = forms.DateField(label=_("Payment date"), widget=DATE)
    bank_reference = forms.CharField(label=_("Bank reference"), max_length=100, required=False)


class CoFinancingForm(forms.Form):
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=None)
    share = forms.DecimalField(label=_("Share (%)"), min_value=Decimal("0.01"),
                               max_value=100, max_digits=5, decimal_places=2)

    def __init__(self, *args, funders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = funders


class ExpenditureForm(forms.Form):
    budget_line = forms.ModelChoiceField(label=_("Budget line"), queryset=None)
    amount = forms.DecimalField(label=_("Amount spent"), min_value=Decimal("0.01"),
                                max_digits=14, decimal_places=2)
    spent_on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines


class OutcomeForm(forms.Form):
    title = forms.CharField(label=_("Outcome"), max_length=300)


class IndicatorForm(forms.Form):
    title = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    baseline = forms.DecimalField(label=_("Baseline"), initial=0, max_digits=14, decimal_places=2)
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=1990, max_value=2100)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)


class ExchangeRateForm(forms.Form):
    currency = forms.ChoiceField(label=_("Currency"),
                                 choices=[c for c in Currency.choices if c[0] != "EUR"])
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    per_eur = forms.DecimalField(label=_("Units for one euro"), min_value=Decimal("0.000001"),
                                 max_digits=18, decimal_places=6)


class ReportForm(forms.Form):
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, indicators=(), budget_lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.budget_lines = list(budget_lines)
        for indicator in self.indicators:
            self.fields[f"value_{indicator.pk}"] = forms.DecimalField(
                label=_("%(indicator)s: actual this period") % {"indicator": indicator.title},
                max_digits=14, decimal_places=2, required=False)
            self.fields[f"unit_{indicator.pk}"] = forms.ChoiceField(
                label=_("%(indicator)s: unit") % {"indicator": indicator.title},
                choices=Unit.choices, initial=indicator.unit)
        for line in self.budget_lines:
            self.fields[f"spent_{line.pk}"] = forms.DecimalField(
                label=_("Spent on “%(line)s” this period") % {"line": line.category},
                max_digits=14, decimal_places=2, required=False, min_value=0)

    def values(self):
        return [(i, self.cleaned_data[f"value_{i.pk}"], self.cleaned_data[f"unit_{i.pk}"])
                for i in self.indicators if self.cleaned_data[f"value_{i.pk}"] is not None]

    def expenditures(self):
        return [(line, self.cleaned_data[f"spent_{line.pk}"]) for line in self.budget_lines
                if self.cleaned_data.get(f"spent_{line.pk}")]


class ReportReviewForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("Your decision"), coerce=lambda v: v == "yes",
                                     widget=forms.RadioSelect,
                                     choices=[("yes", _("Approve")),
                                              ("no", _("Return for changes"))])
    note = forms.CharField(label=_("Note to the partner"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class PartnerForm(forms.Form):
    region = forms.CharField(label=_("Region"), max_length=120, required=False)
    focus_areas = forms.CharField(label=_("Focus areas"), max_length=300, required=False,
                                  help_text=_("Separate with commas."))
    networks = forms.ModelMultipleChoiceField(label=_("Network memberships"), queryset=None,
                                              required=False)
    time_zone = TimeZoneField(label=_("Time zone"))
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = networks


class NewPartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=list(countries),
                                widget=_country_picker())
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Type of organisation"), choices=OrganisationKind.choices)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DueDiligenceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    file = forms.FileField(label=_("File"), required=False, help_text=uploads.help_text_lazy(
        uploads.GRANT_ATTACHMENTS, MAX_ATTACHMENT_BYTES))


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    audience = forms.CharField(label=_("For whom"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    module = forms.ModelChoiceField(label=_("Module"), queryset=None, required=False)
    partnership = forms.ModelChoiceField(label=_("Partnership"), queryset=None, required=False)

    def __init__(self, *args, modules, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules
        self.fields["partnership"].queryset = partnerships


class ParticipationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    participants = forms.IntegerField(label=_("Participants"), min_value=0)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class EvaluationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False)
    rating = forms.IntegerField(label=_("Rating (1–5)"), min_value=1, max_value=5)
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
