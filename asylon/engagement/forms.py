from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from asylon.engagement.models import Event, Question, QuestionKind


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
