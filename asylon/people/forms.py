from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from asylon.core.models import ConsentPurpose
from asylon.people.models import DocumentKind, Person, Relationship, Sex, Vulnerability
from asylon.people.services import MERGEABLE_FIELDS, validate_birth_date

NAME_FIELDS = ("given_name", "family_name", "given_name_latin", "family_name_latin", "aliases")
BIRTH_FIELDS = ("birth_year", "birth_month", "birth_day")
# Inputs whose change re-runs the live duplicate check.
DUPLICATE_CHECK_FIELDS = (*NAME_FIELDS, "birth_year")


def _country_choices(blank_label):
    return [("", blank_label), *countries]


class CountrySelect(forms.Select):
    """A select of ~250 countries, rendered in Python.

    Django renders every option through a template; for three country lists on the
    registration form that took most of a second.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        options = format_html_join(
            "", "<option value=\"{}\"{}>{}</option>",
            ((code, mark_safe(" selected") if str(code) == selected else "", label)
             for code, label in self.choices))
        return format_html('<select name="{}" class="form-select"{}>{}</select>', name,
                           flatatt(self.build_attrs(self.attrs, attrs)), options)


class PersonForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=150,
                                 help_text=_("As the person writes it, in any script."))
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    given_name_latin = forms.CharField(label=_("Given name (Latin script)"), max_length=150,
                                       required=False)
    family_name_latin = forms.CharField(label=_("Family name (Latin script)"), max_length=150,
                                        required=False)
    aliases = forms.CharField(label=_("Other names or spellings"), max_length=500,
                              required=False, help_text=_("Separate names with a comma."))
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False,
                                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    birth_month = forms.IntegerField(label=_("Month"), required=False,
                                     widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    birth_day = forms.IntegerField(label=_("Day"), required=False,
                                   widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False,
                                    choices=lambda: _country_choices(_("Unknown")),
                                    widget=CountrySelect)
    stateless = forms.BooleanField(label=_("Stateless"), required=False)
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False,
                                help_text=_("Languages the person speaks, separated by commas."))
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    interpreter_language = forms.CharField(label=_("Interpreter language"), max_length=60,
                                           required=False)
    phone = forms.CharField(label=_("Phone"), max_length=60, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))
    email = forms.EmailField(label=_("E-mail address"), required=False)
    address = forms.CharField(label=_("Address"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities"), required=False, choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Stored encrypted. Record only what the person agreed to share."))
    narrative = forms.CharField(label=_("Narrative"), required=False,
                                widget=forms.Textarea(attrs={"rows": 5}),
                                help_text=_("The person's account in their words. Stored "
                                            "encrypted."))

    def clean(self):
        data = super().clean()
        try:
            validate_birth_date(data.get("birth_year"), data.get("birth_month"),
                                data.get("birth_day"))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return data

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name in PERSON_KEYS}

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        initial = {name: getattr(person, name) for name in PERSON_KEYS}
        initial["nationality"] = person.nationality.code if person.nationality else ""
        return initial


PERSON_KEYS = MERGEABLE_FIELDS


class RegistrationForm(PersonForm):
    household_name = forms.CharField(
        label=_("New household"), max_length=200, required=False,
        help_text=_("Leave empty to register the person without a household."))
    relationship = forms.ChoiceField(label=_("Relationship in the household"), required=False,
                                     choices=[("", "—"), *Relationship.choices])

    def __init__(self, *args, household=None, **kwargs):
        self.household = household
        super().__init__(*args, **kwargs)
        if household is not None:
            del self.fields["household_name"]

    def clean(self):
        data = super().clean()
        joins = self.household is not None or (data.get("household_name") or "").strip()
        if joins and not data.get("relationship"):
            self.add_error("relationship", _("Choose the relationship in the household."))
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    issuing_country = forms.ChoiceField(label=_("Issuing country"), required=False,
                                        choices=lambda: _country_choices("—"),
                                        widget=CountrySelect)
    expires_on = forms.DateField(label=_("Expires on"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))


class RequiredDocumentForm(DocumentForm):
    number = forms.CharField(label=_("Document number"), max_length=64)


# absolute_max: a forged TOTAL_FORMS of millions builds at most this many forms (issue 11).
DocumentFormSet = forms.formset_factory(DocumentForm, extra=2, max_num=10, absolute_max=10,
                                       validate_max=True)


class HouseholdForm(forms.Form):
    name = forms.CharField(label=_("Household name"), max_length=200,
                           help_text=_("Usually the family name, e.g. “Household Haddad”."))


class AddMemberForm(forms.Form):
    person = forms.UUIDField(widget=forms.HiddenInput)
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    note = forms.CharField(label=_("How it was obtained"), max_length=300, required=False,
                           help_text=_("For example: signed form, or orally with an "
                                       "interpreter present."))
    action = forms.ChoiceField(choices=[("give", _("Consent given")),
                                        ("withdraw", _("Consent withdrawn"))],
                               widget=forms.HiddenInput)


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), widget=forms.RadioSelect, initial="pdf",
                               choices=[("pdf", _("Readable PDF")),
                                        ("json", _("Machine-readable JSON"))])
    override_reason = forms.CharField(
        label=_("Reason for exporting without consent"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the person has not consented. It is recorded."))


class EraseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("For example: the person asked for erasure by "
                                         "letter of 3 March."))


class MergeForm(forms.Form):
    """One choice per field that differs: keep the survivor's value or take the other's."""

    def __init__(self, *args, survivor: Person, merged: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.differences = []
        for name in MERGEABLE_FIELDS:
            mine, theirs = getattr(survivor, name), getattr(merged, name)
            if mine == theirs or theirs in (None, "", [], False):
                continue
            label = Person._meta.get_field(name).verbose_name
            self.fields[name] = forms.ChoiceField(
                label=label, widget=forms.RadioSelect, initial="survivor",
                choices=[("survivor", display_value(survivor, name)),
                         ("merged", display_value(merged, name))])
            self.differences.append(name)

    def take_from_merged(self) -> list[str]:
        return [name for name in self.differences if self.cleaned_data.get(name) == "merged"]


def display_value(person: Person, name: str) -> str:
    value = getattr(person, name)
    if name == "vulnerabilities":
        labels = dict(Vulnerability.choices)
        return ", ".join(str(labels.get(v, v)) for v in value) or "—"
    if name == "sex":
        return str(person.get_sex_display())
    if name == "nationality":
        return value.name if value else "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value) if value not in (None, "") else "—"
