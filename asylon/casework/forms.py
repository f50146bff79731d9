from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asylon.casework.models import (
    Confidentiality,
    DeadlineRule,
    DocumentKind,
    InterventionType,
    Outcome,
    SharedPart,
    Stage,
    Track,
)
from asylon.casework.services import MAX_DOCUMENT_BYTES
from asylon.core import uploads
from asylon.core.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class StageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _(obj.name)


class TrackChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _(obj.name)


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CaseOpenForm(forms.Form):
    """Track, then a stage of that track (the list follows the chosen track), the dates,
    and, for a case opened at a later stage, the start date of every term that began
    before and still runs (the decision term of a case opened in the general procedure).
    """

    track = TrackChoiceField(label=_("Track"), queryset=Track.objects.filter(is_active=True))
    stage = StageChoiceField(
        label=_("Current stage"), required=False, queryset=Stage.objects.none(),
        help_text=_("Leave empty to start at the first stage of the track."))
    opened_on = forms.DateField(label=_("Registered on"), widget=DATE)
    stage_entered_on = forms.DateField(
        label=_("In this stage since"), required=False, widget=DATE,
        help_text=_("Deadlines are counted from this date. Leave empty for the "
                    "registration date."))
    responsible = UserChoiceField(label=_("Responsible caseworker"), queryset=None)
    team = UserMultipleChoiceField(label=_("Team members"), queryset=None, required=False)
    location = forms.CharField(label=_("Location"), max_length=120, required=False,
                               help_text=_("Office, island or reception centre."))
    extra_deadline_label = forms.CharField(
        label=_("Other deadline: what must happen"), max_length=200, required=False)
    extra_deadline_on = forms.DateField(label=_("Other deadline: date"), required=False,
                                        widget=DATE)

    def __init__(self, *args, colleagues, **kwargs):
        from asylon.casework import procedure
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = colleagues
        self.fields["team"].queryset = colleagues
        self.fields["team"].widget.attrs["size"] = 4
        if not self.is_bound:
            self.initial.setdefault("opened_on", timezone.localdate())
        # Changing either redraws the stage list and the earlier terms (htmx GET of the
        # same page, nothing saved); without script they show after the first submit.
        redraw = {"hx-get": reverse("casework:case_open"), "hx-trigger": "change",
                  "hx-include": "#id_track, #id_stage, #case-open-form [name=person], "
                                "#case-open-form [name=household]",
                  "hx-target": "#stage-and-terms", "hx-select": "#stage-and-terms",
                  "hx-swap": "outerHTML"}
        self.fields["track"].widget.attrs.update(redraw)
        self.fields["stage"].widget.attrs.update(redraw)
        source = self.data if self.is_bound else self.initial
        track = Track.objects.filter(is_active=True, pk=_pk(source.get("track"))).first()
        self.term_rules = []
        if track is None:
            self.fields["stage"].help_text = _("Choose the track first.")
            return
        self.fields["stage"].queryset = track.stages.filter(is_closing=False).order_by("order")
        stage = self.fields["stage"].queryset.filter(pk=_pk(source.get("stage"))).first()
        if stage is None:
            return
        for rule in procedure.earlier_rules(stage):
            self.term_rules.append(rule)
            self.fields[f"term_{rule.pk}"] = forms.DateField(
                label=_("“%(stage)s” on") % {"stage": _(rule.stage.name)}, widget=DATE,
                required=rule.sourced,
                help_text=_("%(label)s (%(term)s) still runs at this stage: it counts from "
                            "this date. %(source)s") % {
                    "label": _(rule.label), "term": rule.term_display,
                    "source": _(rule.source)})

    @property
    def term_fields(self):
        return [self[f"term_{rule.pk}"] for rule in self.term_rules]

    @property
    def earlier_starts(self) -> dict:
        return {rule.pk: self.cleaned_data.get(f"term_{rule.pk}") for rule in self.term_rules
                if self.cleaned_data.get(f"term_{rule.pk}")}

    def clean(self):
        data = super().clean()
        track, stage = data.get("track"), data.get("stage")
        if track and stage and stage.track_id != track.pk:
            self.add_error("stage", _("Choose a stage of the chosen track."))
        return data


class StageForm(forms.Form):
    stage = forms.ModelChoiceField(label=_("New stage"), queryset=Stage.objects.none())
    entered_on = forms.DateField(label=_("Date"), widget=DATE,
                                 help_text=_("The date of the event, e.g. when the decision "
                                             "was notified. Deadlines count from it."))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(
            transitions_in__from_stage_id=case.stage_id).order_by("order")
        self.fields["stage"].label_from_instance = lambda s: _(s.name)
        if not self.is_bound:
            self.initial.setdefault("entered_on", timezone.localdate())


class CaseEditForm(forms.Form):
    responsible = UserChoiceField(label=_("Responsible caseworker"), queryset=None)
    team = UserMultipleChoiceField(label=_("Team members"), queryset=None, required=False)
    location = forms.CharField(label=_("Location"), max_length=120, required=False)
    legal_hold = forms.BooleanField(label=_("Legal hold"), required=False,
                                    help_text=_("Nothing of this case is anonymised or erased "
                                                "while the hold is on."))

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = colleagues
        self.fields["team"].queryset = colleagues


class DeadlineForm(forms.Form):
    label = forms.CharField(label=_("What must happen"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class DeadlineMetForm(forms.Form):
    met_on = forms.DateField(label=_("Met on"), widget=DATE,
                             help_text=_("The day it was done, e.g. when the appeal was "
                                         "lodged."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("met_on", timezone.localdate())


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _(obj.label)


class TermStartForm(forms.Form):
    """The start date of a term that runs at the case's stage but began before the case
    was opened here."""

    rule = RuleChoiceField(label=_("Term"), queryset=None, widget=forms.HiddenInput)
    started_on = forms.DateField(label=_("Counted from"), widget=DATE)

    def __init__(self, *args, case, rule=None, rules=None, **kwargs):
        from asylon.casework import procedure
        super().__init__(*args, **kwargs)
        rules = procedure.earlier_rules(case.stage) if rules is None else rules
        self.fields["rule"].queryset = DeadlineRule.objects.filter(pk__in=[r.pk for r in rules])
        if rule is not None:
            self.initial["rule"] = rule.pk
            self.auto_id = f"id_term{rule.pk}_%s"
            self.fields["started_on"].label = _("“%(stage)s” on") % {"stage": _(rule.stage.name)}


class InterventionForm(forms.Form):
    type = forms.ModelChoiceField(label=_("Type"),
                                  queryset=InterventionType.objects.filter(is_active=True))
    date = forms.DateField(label=_("Date"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    minutes_spent = forms.IntegerField(label=_("Time spent (minutes)"), min_value=0,
                                       max_value=24 * 60, initial=30)
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Stored encrypted."))
    documents = forms.ModelMultipleChoiceField(label=_("Linked documents"), required=False,
                                               queryset=None)

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].label_from_instance = lambda t: _(t.name)
        self.fields["documents"].queryset = documents
        self.fields["documents"].label_from_instance = lambda d: d.title
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Stored encrypted."))
    confidentiality = forms.ChoiceField(label=_("Who may read it"),
                                        choices=Confidentiality.choices)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=uploads.help_text_lazy(
        uploads.DOCUMENTS, MAX_DOCUMENT_BYTES))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    remind_on = forms.DateField(label=_("Remind on"), required=False, widget=DATE)
    assignee = UserChoiceField(label=_("Assignee"), queryset=None, required=False)

    def __init__(self, *args, colleagues, helpers=(), accepted=None, **kwargs):
        """`helpers`: casework.selectors.Helper of the case's persons (volunteers matched
        to them): those who may be given a task are among `colleagues` and named with
        their note; those who may not now are listed under the field with the reason.
        `accepted`: the users the field takes beyond those it offers (the organisation's
        members), so that the service, not "Select a valid choice", says why one of them
        may not be given the task."""
        super().__init__(*args, **kwargs)
        _offer_people(self.fields["assignee"], colleagues, helpers, accepted)


def _offer_people(field, colleagues, helpers, accepted) -> None:
    """Offer `colleagues` in `field`, the helpers among them named with their note, the
    refused helpers' reasons under it; accept `accepted` (see TaskForm)."""
    field.queryset = colleagues
    notes = {h.user_id: h.note for h in helpers if not h.refusal}
    if notes:
        def label(user):
            name = user.full_name or user.email
            return (_("%(name)s (%(note)s)") % {"name": name, "note": notes[user.pk]}
                    if user.pk in notes else name)
        field.label_from_instance = label
    refused = [h.refusal for h in helpers if h.refusal]
    if refused:
        field.help_text = " ".join(refused)
    if accepted is not None:
        field.choices = list(field.choices)  # what is offered, read now
        field.queryset = accepted


class AppointmentForm(forms.Form):
    title = forms.CharField(label=_("What"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    assignees = UserMultipleChoiceField(label=_("Who attends"), queryset=None, required=False)
    remind_minutes_before = forms.IntegerField(label=_("Reminder (minutes before)"),
                                               min_value=0, max_value=7 * 24 * 60, initial=60)

    def __init__(self, *args, colleagues, helpers=(), accepted=None, **kwargs):
        """As TaskForm's: the helpers who may attend (volunteers matched to the case's
        persons) are offered beside the colleagues."""
        super().__init__(*args, **kwargs)
        _offer_people(self.fields["assignees"], colleagues, helpers, accepted)


def referral_partners(organisation_id):
    """The organisations this one accepted as referral partners (active ones only)."""
    from asylon.casework.models import ReferralPartner
    return Organisation.objects.filter(
        is_active=True, pk__in=ReferralPartner.objects.filter(
            organisation_id=organisation_id).values("partner_id")).order_by("name")


class ReferralForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("Refer to"), queryset=None,
        help_text=_("Only the partners your organisation admin has accepted (Caseload → "
                    "Casework settings → Referral partners)."))
    parts = forms.MultipleChoiceField(label=_("What to share"), choices=SharedPart.choices,
                                      widget=forms.CheckboxSelectMultiple)
    message = forms.CharField(label=_("Message to the receiving organisation"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(
        label=_("Reason for referring without recorded consent"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only if the client's consent is not recorded and you may override it."))

    def __init__(self, *args, own_organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = referral_partners(own_organisation_id)


class ReferralConsentForm(forms.Form):
    """The client's consent to a referral to one named partner, recorded from the
    referral page."""

    recipient = forms.ModelChoiceField(label=_("Referral to"), queryset=None)
    note = forms.CharField(label=_("How it was obtained"), max_length=300,
                           help_text=_("E.g. orally with an interpreter, signed form in the "
                                       "file."))

    def __init__(self, *args, own_organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = referral_partners(own_organisation_id)
        self.auto_id = "id_consent_%s"


class ReferralPartnerForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    note = forms.CharField(label=_("Why this partner"), max_length=300, required=False,
                           help_text=_("E.g. the agreement or due diligence it rests on."))

    def __init__(self, *args, organisation_id, **kwargs):
        from asylon.casework.models import ReferralPartner
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Organisation.objects.filter(is_active=True).exclude(
            pk=organisation_id).exclude(pk__in=ReferralPartner.objects.filter(
                organisation_id=organisation_id).values("partner_id")).order_by("name")
        self.auto_id = "id_partner_%s"


class RespondForm(forms.Form):
    note = forms.CharField(label=_("Answer (optional)"), max_length=500, required=False)


class ReassignForm(forms.Form):
    from_user = UserChoiceField(label=_("Cases of"), queryset=None)
    to_user = UserChoiceField(label=_("Hand over to"), queryset=None)

    def __init__(self, *args, colleagues, leavers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_user"].queryset = leavers
        self.fields["to_user"].queryset = colleagues

    def clean(self):
        data = super().clean()
        if data.get("from_user") and data.get("from_user") == data.get("to_user"):
            self.add_error("to_user", _("Choose someone else."))
        return data


class GroupSessionForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200)
    language = forms.CharField(label=_("Language"), max_length=60)
    interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    anonymous_count = forms.IntegerField(label=_("Other attendees (count only)"), min_value=0,
                                         initial=0)


class RetentionForm(forms.Form):
    months_after_closing = forms.IntegerField(
        label=_("Anonymise closed cases after (months)"), min_value=1, max_value=600)
    is_active = forms.BooleanField(label=_("Apply automatically every night"), required=False)


class ReportingConsentForm(forms.Form):
    share_with_funders = forms.BooleanField(
        label=_("Share our aggregated, small-count-suppressed casework figures with funder "
                "and network organisations"), required=False,
        help_text=_("Counts only, never a person; counts from 1 to 4 are shown as “<5”. "
                    "Off: funders and networks never see your figures."))


class ReportFilterForm(forms.Form):
    """The reports' period, place and cross-tab; periods are those the figures exist for."""

    DIMENSIONS = [("type", _("Type of intervention")), ("outcome", _("Outcome")),
                  ("location", _("Location")), ("month", _("Month"))]

    period = forms.ChoiceField(label=_("Period"), required=False)
    location = forms.CharField(label=_("Location"), required=False, max_length=120)
    rows = forms.ChoiceField(label=_("Cross-tab rows"), choices=DIMENSIONS, required=False)
    columns = forms.ChoiceField(label=_("Cross-tab columns"), choices=DIMENSIONS,
                                required=False)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods

    def clean(self):
        data = super().clean()
        if data.get("rows") and data.get("rows") == data.get("columns"):
            self.add_error("columns", _("Choose two different dimensions."))
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet"), help_text=_("XLSX or CSV, first row headings, "
                                                               "at most 5,000 rows."))


class ImportMappingForm(forms.Form):
    def __init__(self, *args, headers, fields, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)"))] + [(h, h) for h in headers]
        for key, label, required in fields:
            self.fields[key] = forms.ChoiceField(label=label, choices=choices, required=required)


class CalendarFilterForm(forms.Form):
    """The calendar's filters, read from the query string (no personal data in it: a
    colleague is named by membership number, a week by its first day)."""

    KINDS = [("", _("Everything")), ("deadline", _("Deadlines")),
             ("appointment", _("Appointments")), ("task", _("Tasks")),
             ("session", _("Group sessions"))]

    start = forms.DateField(label=_("Week from"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    who = forms.TypedChoiceField(label=_("Whose items"), required=False, coerce=str)
    kind = forms.ChoiceField(label=_("What"), choices=KINDS, required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000,
                              widget=forms.HiddenInput)

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.colleagues = {str(m.pk): m for m in colleagues}
        self.fields["who"].choices = (
            [("me", _("Mine")), ("team", _("Whole organisation"))]
            + [(key, m.user.full_name) for key, m in self.colleagues.items()])

    def clean_start(self):
        value = self.cleaned_data.get("start")
        if value and not (2000 <= value.year <= 2100):
            raise forms.ValidationError(_("Choose a week between 2000 and 2100."))
        return value
