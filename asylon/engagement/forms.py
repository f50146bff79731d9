from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from asylon.engagement.models import (
    Campaign,
    Donor,
    DonorFilter,
    Event,
    Frequency,
    Gift,
    GiftMethod,
    Mailing,
    MailingList,
    Question,
    QuestionKind,
    Tag,
    WelcomeStep,
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "description", "purpose", "mode", "online_url", "venue", "language",
                  "is_public", "waiting_list", "offer_hours", "reminder_hours", "contact_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}),
                   "venue": forms.Textarea(attrs={"rows": 2})}


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Session title"), max_length=200, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput())
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100000)


class NewEventForm(EventForm):
    """The event and its first session on one page."""

    starts_at = forms.DateTimeField(label=_("First session starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("First session ends"), widget=DateTimeInput())
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100000)


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["label", "kind", "choices", "required"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}


class RegistrationForm(forms.Form):
    """The public booking form: the chosen session, who comes, and the event's questions."""

    session = forms.ChoiceField(label=_("Date"), widget=forms.RadioSelect)
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.CharField(label=_("Your e-mail address"), max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    organisation_name = forms.CharField(label=_("Organisation (if any)"), max_length=200,
                                        required=False)
    language = forms.ChoiceField(label=_("Language for our messages"), choices=settings.LANGUAGES)
    # Left empty by people; filled by the bots that fill every field (hidden by CSS).
    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def __init__(self, *args, event, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["session"].choices = [(str(s.uuid), s.label) for s in sessions]
        if len(sessions) == 1:
            self.fields["session"].initial = str(sessions[0].uuid)
        for question in event.questions.all():
            if question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in
                                                                  question.choice_list()])
            elif question.kind == QuestionKind.YES_NO:
                field = forms.BooleanField()
            else:
                field = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
            field.label = question.label
            field.required = question.required
            self.fields[question.key] = field

    def answers(self) -> dict:
        return {q.key: self.cleaned_data.get(q.key) for q in self.event.questions.all()}


class CheckInCodeForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "autocapitalize": "characters"}))


# Lists and mailings -----------------------------------------------------------------------


class MailingListForm(forms.ModelForm):
    class Meta:
        model = MailingList
        fields = ["name", "description", "language", "double_opt_in", "is_public", "consent_text"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}),
                   "consent_text": forms.Textarea(attrs={"rows": 3})}


class SignUpForm(forms.Form):
    email = forms.CharField(label=_("Your e-mail address"), max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language for our messages"), choices=settings.LANGUAGES)
    consent = forms.BooleanField(required=False)
    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def __init__(self, *args, consent_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text


class PreferencesForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language for our messages"), choices=settings.LANGUAGES)
    lists = forms.MultipleChoiceField(label=_("I want to receive"), required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, lists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].choices = [(str(m.pk), m.name) for m in lists]


class MailingForm(forms.ModelForm):
    class Meta:
        model = Mailing
        fields = ["name", "mailing_list", "default_language", "segment_language",
                  "segment_country", "segment_tag", "segment_donors"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailing_list"].queryset = MailingList.objects.filter(organisation=organisation)
        self.fields["segment_tag"].queryset = Tag.objects.filter(organisation=organisation)
        self.fields["segment_donors"].choices = DonorFilter.choices


class SubscriberImportForm(forms.Form):
    CONFIRM, PROOF = "confirm", "proof"
    file = forms.FileField(label=_("Spreadsheet (CSV or Excel)"),
                           help_text=_("First row: the column names. Needed: “email”; "
                                       "optional: “name”, “language” (en, nl, ar), “country” "
                                       "(two letters). At most 5,000 rows, 5 MB."))
    consent = forms.ChoiceField(
        label=_("Consent"), widget=forms.RadioSelect, initial=CONFIRM,
        choices=[(CONFIRM, _("Send each new address a confirmation link (double opt-in); "
                             "they get nothing else until they click it")),
                 (PROOF, _("These people have agreed to receive this list, and I can show "
                           "it"))])
    consent_proof = forms.CharField(
        label=_("Proof of consent"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What they signed and when, and where the proof is kept: “Paper sign-up "
                    "sheets, information evening 12 November 2026, in the office archive”. "
                    "It is kept with each subscription."))

    def clean(self):
        data = super().clean()
        if data.get("consent") == self.PROOF and not (data.get("consent_proof") or "").strip():
            self.add_error("consent_proof", _("Describe the proof of consent, or choose the "
                                              "confirmation link."))
        if data.get("consent") == self.CONFIRM:
            data["consent_proof"] = ""
        return data


class ContentForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Plain text; an empty line starts a new paragraph; web "
                                       "addresses become links."))


class TestSendForm(forms.Form):
    to = forms.EmailField(label=_("Send a test to"))


class WelcomeStepForm(forms.ModelForm):
    class Meta:
        model = WelcomeStep
        fields = ["delay_days", "language", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


# Donors and SEPA ------------------------------------------------------------------------

class DonorForm(forms.ModelForm):
    class Meta:
        model = Donor
        fields = ["kind", "name", "email", "street", "postcode", "city", "country", "language"]


class GiftForm(forms.ModelForm):
    class Meta:
        model = Gift
        fields = ["amount", "received_on", "method", "campaign", "note"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(organisation=organisation)
        self.fields["method"].choices = [c for c in GiftMethod.choices if c[0] != GiftMethod.SEPA]


class MandateForm(forms.Form):
    account_holder = forms.CharField(label=_("Account holder"), max_length=70)
    iban = forms.CharField(label=_("IBAN"), max_length=42)
    bic = forms.CharField(label=_("BIC (optional: found from the IBAN)"), max_length=11,
                          required=False)
    amount = forms.DecimalField(label=_("Amount (EUR)"), min_value=1, max_digits=10,
                                decimal_places=2)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
    prenotice_days = forms.IntegerField(
        label=_("Days of advance notice"), min_value=1, max_value=14, initial=14,
        help_text=_("Before each collection the donor is told its amount and date this many "
                    "calendar days ahead: 14, unless the mandate agrees fewer."))
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none(),
                                      required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(organisation=organisation)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "description", "target", "starts_on", "ends_on"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}),
                   "ends_on": forms.DateInput(attrs={"type": "date"}),
                   "description": forms.Textarea(attrs={"rows": 3})}


class CreditorAccountForm(forms.Form):
    name = forms.CharField(label=_("Account holder"), max_length=70)
    iban = forms.CharField(label=_("IBAN"), max_length=42)
    bic = forms.CharField(label=_("BIC"), max_length=11, required=False)
    creditor_id = forms.CharField(label=_("SEPA creditor identifier"), max_length=35)


class CollectionForm(forms.Form):
    collection_date = forms.DateField(label=_("Collection date"),
                                      widget=forms.DateInput(attrs={"type": "date"}))


class PreNotificationForm(forms.Form):
    collection_date = forms.DateField(
        label=_("Collection date"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Every donor whose mandate is due then is told the amount and this date "
                    "by e-mail now. Make the collection file for the same date later."))


class StatementForm(forms.Form):
    file = forms.FileField(label=_("Bank statement (CAMT.053 XML)"))
