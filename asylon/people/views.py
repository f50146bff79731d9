"""Persons and households: thin views over people.selectors and people.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_POST

from asylon.core import audit
from asylon.core.forms import apply_errors
from asylon.core.labels import choice_label, country_name
from asylon.core.listing import Column, ListFilter, ListSpec, build_list
from asylon.core.models import ConsentPurpose
from asylon.core.services import consent_give, consent_is_given, consent_withdraw
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors
from asylon.people import exports, page, selectors, services, subject_rights, timeline
from asylon.people.forms import (
    DUPLICATE_CHECK_FIELDS,
    AddMemberForm,
    ConsentForm,
    DocumentFormSet,
    EraseForm,
    ExportForm,
    HouseholdForm,
    MergeForm,
    PersonForm,
    RegistrationForm,
    RequiredDocumentForm,
)
from asylon.people.models import Relationship, Sex

VIEW, CHANGE = "people.view_person", "people.change_person"
CONSENT_DRAFT = "people_consent_draft"


# List -----------------------------------------------------------------------------------

def _nationality(person):
    # The stored code, not the field's Country object: making one per row was a third of
    # a 30,000-person export. (The code is in the row's attributes: the list loads it.)
    code = vars(person).get("nationality")
    if code is None:
        code = person.nationality.code if person.nationality else ""
    return country_name(code)


PERSON_LIST = ListSpec(
    columns=[
        Column("name", gettext_lazy("Name"), value=lambda p: p.display_name, sort="given_name"),
        Column("latin_name", gettext_lazy("Name (Latin script)"), value=lambda p: p.latin_name,
               sort="family_name_latin"),
        Column("birth", gettext_lazy("Born"), value=lambda p: p.birth_date_display,
               sort="birth_year"),
        Column("sex", gettext_lazy("Sex"), value=lambda p: choice_label(Sex, p.sex), sort="sex", phone=False),
        Column("nationality", gettext_lazy("Nationality"), value=_nationality,
               sort="nationality", phone=False),
        Column("registered", gettext_lazy("Registered"), value=lambda p: p.created_at.date(),
               sort="created_at", phone=False),
    ],
    filters={"nationality": "nationality", "sex": "sex"},
    default_sort="-registered",
    export_name="persons",
    counted=ngettext_lazy("%(counter)s person", "%(counter)s persons", "counter"),
)
_LIST_FIELDS = ("uuid", "given_name", "family_name", "given_name_latin", "family_name_latin",
                "birth_year", "birth_month", "birth_day", "sex", "nationality", "created_at",
                "anonymised_at", "organisation_id")


@requires(VIEW)
def person_list(request):
    query = request.GET.get("q", "").strip()[:200]
    if query:
        persons = selectors.persons_search(membership=request.membership, query=query)
        if not request.GET.get("sort"):
            request.GET = request.GET.copy()
            request.GET["sort"] = "relevance"  # keep the fuzzy ranking
    else:
        persons = selectors.persons_visible_to(membership=request.membership)
    listing = build_list(request, persons.only(*_LIST_FIELDS), PERSON_LIST)
    if not hasattr(listing, "page"):
        audit.record(actor=request.membership, action="export", object_type="people.person",
                     fields=[request.GET.get("export", "")])
        return listing
    # The nationality filter offers what occurs in the list: among a search's results (at
    # most 200 rows) when searching, else among all active persons (kept in the cache).
    if query:
        nationalities = (persons.exclude(nationality="").order_by("nationality")
                         .values_list("nationality", flat=True).distinct())
    else:
        nationalities = selectors.nationalities_in_use(membership=request.membership)
    from django_countries import countries
    nationalities = [(code, countries.name(code)) for code in nationalities]
    return render(request, "people/person_list.html", {
        "listing": listing, "nationalities": nationalities, "filters": [
            ListFilter("nationality", gettext_lazy("Nationality"), nationalities),
            ListFilter("sex", gettext_lazy("Sex"), Sex.choices)],
        "can_change": request.membership.has(CHANGE),
    })


# Registration ---------------------------------------------------------------------------

def _names_of(data: dict) -> list[str]:
    return [" ".join(p for p in (data.get("given_name"), data.get("family_name")) if p),
            " ".join(p for p in (data.get("given_name_latin"), data.get("family_name_latin"))
                     if p), *(data.get("aliases") or "").split(",")]


def _matches_for(membership, data: dict, documents: list[dict]) -> list:
    number = next((d.get("number") for d in documents if d.get("number")), None)
    return selectors.persons_matching(
        membership=membership, name=_names_of(data), birth_year=data.get("birth_year"),
        birth_month=data.get("birth_month"), birth_day=data.get("birth_day"),
        document_number=number, limit=10)


@requires(CHANGE)
def person_register(request):
    household = None
    household_uuid = request.POST.get("household") or request.GET.get("household")
    if household_uuid:
        household = selectors.household_access_or_404(membership=request.membership,
                                                      uuid=household_uuid, permission=CHANGE)
    form = RegistrationForm(request.POST or None, household=household)
    documents = DocumentFormSet(request.POST or None, prefix="documents")
    matches = []
    if request.method == "POST" and form.is_valid() and documents.is_valid():
        docs = [d for d in documents.cleaned_data if d and d.get("number")]
        dismissed = set(request.POST.getlist("dismiss"))
        try:
            # A document someone else holds is a refusal, not a question: check it first.
            services.documents_validate(actor=request.membership, documents=docs)
        except ValidationError as error:
            apply_errors(form, error)
            undecided = None
        else:
            matches = _matches_for(request.membership, form.cleaned_data, docs)
            audit.shown(*(m.person for m in matches))
            undecided = [m for m in matches if str(m.person.uuid) not in dismissed]
        if undecided == []:
            try:
                person = services.person_register(
                    actor=request.membership, documents=docs, household=household,
                    household_name=form.cleaned_data.get("household_name", ""),
                    relationship=form.cleaned_data.get("relationship") or "",
                    dismissed=[m.person for m in matches], **form.person_fields())
            except ValidationError as error:
                apply_errors(form, error)
                matches = []
            else:
                messages.success(request, _("%(name)s is registered.")
                                 % {"name": person.display_name})
                return redirect("people:detail", person.uuid)
    return render(request, "people/person_register.html", {
        "form": form, "documents": documents, "household": household, "matches": matches,
        "check_fields": DUPLICATE_CHECK_FIELDS,
    })


@requires(CHANGE)
@require_POST
def duplicate_check(request):
    """htmx: likely matches while the registration form is being filled in."""
    form = PersonForm(request.POST)
    form.is_valid()
    data = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}
    matches = []
    if data.get("given_name") or data.get("family_name") or data.get("given_name_latin"):
        number = request.POST.get("documents-0-number", "")
        matches = _matches_for(request.membership, data, [{"number": number}])
    audit.shown(*(m.person for m in matches))
    return render(request, "people/includes/duplicate_hints.html", {"matches": matches})


# Person page ----------------------------------------------------------------------------

def _person_or_redirect(request, uuid, permission=VIEW):
    person = selectors.person_access_or_404(membership=request.membership, uuid=uuid,
                                            permission=permission)
    return person


@requires(VIEW)
def person_detail(request, uuid):
    person = _person_or_redirect(request, uuid)
    if person.merged_into_id:
        survivor = selectors.person_access_or_404(membership=request.membership,
                                                  uuid=person.merged_into.uuid)
        messages.info(request, _("This record was merged into the one shown here."))
        return redirect("people:detail", survivor.uuid)
    membership = request.membership
    history = selectors.consent_history(membership=membership, person=person)
    draft = request.session.pop(CONSENT_DRAFT, None)
    if not draft or draft.get("person") != str(person.uuid):
        draft = None
    return render(request, "people/person_detail.html", {
        "person": person,
        "households": selectors.households_of(membership=membership, person=person),
        "documents": selectors.documents_of(membership=membership, person=person),
        "consents": selectors.consent_state(history),
        "consent_history": history,
        "consent_draft": draft,
        "timeline": timeline.items_for(person, membership),
        "page_actions": page.actions_for(person, membership),
        "page_panels": page.panels_for(person, membership),
        "can_change": membership.has(CHANGE) and not person.is_anonymised,
        "can_consent": membership.has("core.record_consent") and not person.is_anonymised,
        "can_merge": membership.has("people.merge_person") and not person.is_anonymised,
        "can_export": membership.has("people.export_subject") and not person.is_anonymised,
        "can_erase": membership.has("people.erase_subject") and not person.is_anonymised,
        "vulnerability_labels": person.vulnerabilities and _vulnerability_labels(person),
    })


def _vulnerability_labels(person):
    from asylon.people.models import Vulnerability
    labels = dict(Vulnerability.choices)
    return [labels.get(v, v) for v in person.vulnerabilities]


@requires(CHANGE)
def person_edit(request, uuid):
    person = _person_or_redirect(request, uuid, CHANGE)
    if person.is_anonymised or person.merged_into_id:
        messages.error(request, _("This record was anonymised or merged and cannot be changed."))
        return redirect("people:detail", person.uuid)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.person_update(actor=request.membership, person=person,
                                             **form.person_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing changed."))
            return redirect("people:detail", person.uuid)
    return render(request, "people/person_edit.html", {"form": form, "person": person})


@requires("core.record_consent")
@require_POST
def person_consent(request, uuid):
    person = _person_or_redirect(request, uuid, VIEW)
    form = ConsentForm(request.POST)
    if not form.is_valid() or person.is_anonymised:
        messages.error(request, _("Choose a purpose and whether consent was given or withdrawn."))
        # The person page shows the form again with what was typed (issue 11).
        request.session[CONSENT_DRAFT] = {"person": str(person.uuid),
                                          "purpose": request.POST.get("purpose", "")[:32],
                                          "note": request.POST.get("note", "")[:2000]}
        return redirect(reverse("people:detail", args=[person.uuid]) + "#consent")
    record = consent_give if form.cleaned_data["action"] == "give" else consent_withdraw
    record(actor=request.membership, subject=person, purpose=form.cleaned_data["purpose"],
           note=form.cleaned_data["note"])
    messages.success(request, _("Consent recorded."))
    return redirect(reverse("people:detail", args=[person.uuid]) + "#consent")


# Documents ------------------------------------------------------------------------------

@requires(CHANGE)
def document_add(request, uuid):
    person = _person_or_redirect(request, uuid, CHANGE)
    form = RequiredDocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(actor=request.membership, person=person, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error, field="number")
        else:
            messages.success(request, _("Document added."))
            return redirect("people:detail", person.uuid)
    return render(request, "people/document_add.html", {"form": form, "person": person})


@requires(CHANGE)
def document_remove(request, uuid, document_uuid):
    person = _person_or_redirect(request, uuid, CHANGE)
    document = selectors.document_access_or_404(membership=request.membership, person=person,
                                                uuid=document_uuid)
    if request.method == "POST":
        services.document_remove(actor=request.membership, document=document)
        messages.success(request, _("Document removed."))
        return redirect("people:detail", person.uuid)
    return render(request, "people/document_remove.html", {"person": person,
                                                           "document": document})


# Households -----------------------------------------------------------------------------

HOUSEHOLD_LIST = ListSpec(
    columns=[Column("name", gettext_lazy("Household"), sort="name"),
             Column("created", gettext_lazy("Created"), value=lambda h: h.created_at.date(),
                    sort="created_at"),
             Column("members", gettext_lazy("Members"), value=lambda h: h.size)],
    search_fields=["name"], default_sort="name", export_name="households",
    counted=ngettext_lazy("%(counter)s household", "%(counter)s households", "counter"))


@requires(VIEW)
def household_list(request):
    from django.db.models import Count
    households = selectors.households_visible_to(membership=request.membership).annotate(
        size=Count("members"))
    listing = build_list(request, households, HOUSEHOLD_LIST)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "people/household_list.html", {
        "listing": listing, "can_change": request.membership.has(CHANGE)})


@requires(CHANGE)
def household_create(request):
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(actor=request.membership,
                                                  name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_errors(form, error, field="name")
        else:
            messages.success(request, _("Household created. Now add its members."))
            return redirect("people:household", household.uuid)
    return render(request, "people/household_create.html", {"form": form})


@requires(VIEW)
def household_detail(request, uuid):
    household = selectors.household_access_or_404(membership=request.membership, uuid=uuid)
    members = selectors.household_members(membership=request.membership, household=household)
    can_change = request.membership.has(CHANGE)
    query = request.GET.get("q", "").strip()[:200]
    found = []
    if can_change and query:
        member_ids = {m.person_id for m in members}
        found = [m for m in selectors.persons_matching(
            membership=request.membership, name=query, limit=10,
            min_score=selectors.SEARCH_THRESHOLD) if m.person.pk not in member_ids]
    return render(request, "people/household_detail.html", {
        "household": household, "members": members, "can_change": can_change,
        "query": query, "found": found, "relationships": Relationship.choices,
    })


@requires(CHANGE)
@require_POST
def household_add_member(request, uuid):
    household = selectors.household_access_or_404(membership=request.membership, uuid=uuid,
                                                  permission=CHANGE)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        person = selectors.person_access_or_404(membership=request.membership,
                                                uuid=form.cleaned_data["person"],
                                                permission=CHANGE)
        try:
            services.household_add_member(actor=request.membership, household=household,
                                          person=person,
                                          relationship=form.cleaned_data["relationship"])
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(name)s was added to the household.")
                             % {"name": person.display_name})
    else:
        messages.error(request, _("Choose a person and a relationship."))
    return redirect("people:household", household.uuid)


@requires(CHANGE)
def household_remove_member(request, uuid, person_uuid):
    household = selectors.household_access_or_404(membership=request.membership, uuid=uuid,
                                                  permission=CHANGE)
    person = selectors.person_access_or_404(membership=request.membership, uuid=person_uuid,
                                            permission=CHANGE)
    if request.method == "POST":
        try:
            services.household_remove_member(actor=request.membership, household=household,
                                             person=person)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(name)s was removed from the household.")
                             % {"name": person.display_name})
        return redirect("people:household", household.uuid)
    return render(request, "people/household_remove_member.html",
                  {"household": household, "person": person})


# Merge ----------------------------------------------------------------------------------

@requires("people.merge_person")
def person_merge_choose(request, uuid):
    person = _person_or_redirect(request, uuid, "people.merge_person")
    if person.is_anonymised or person.merged_into_id:
        return redirect("people:detail", person.uuid)
    query = request.GET.get("q", "").strip()[:200]
    names = [query] if query else [n for n in (person.display_name, person.latin_name,
                                               *person.aliases.split(",")) if n.strip()]
    candidates = selectors.persons_matching(
        membership=request.membership, name=names, birth_year=None if query else
        person.birth_year, exclude=(person.pk,), limit=15,
        min_score=selectors.SEARCH_THRESHOLD)
    return render(request, "people/person_merge_choose.html",
                  {"person": person, "candidates": candidates, "query": query})


@requires("people.merge_person")
def person_merge(request, uuid, other_uuid):
    person = _person_or_redirect(request, uuid, "people.merge_person")
    other = _person_or_redirect(request, other_uuid, "people.merge_person")
    if person.pk == other.pk or person.is_anonymised or other.is_anonymised or \
            person.merged_into_id or other.merged_into_id:
        messages.error(request, _("These two records cannot be merged."))
        return redirect("people:detail", person.uuid)
    form = MergeForm(request.POST or None, survivor=person, merged=other)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_merge(actor=request.membership, survivor=person, merged=other,
                                  take_from_merged=form.take_from_merged())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The records were merged."))
            return redirect("people:detail", person.uuid)
    return render(request, "people/person_merge.html", {
        "person": person, "other": other, "form": form,
        "other_documents": selectors.documents_of(membership=request.membership, person=other),
    })


# Data-subject rights --------------------------------------------------------------------

@requires("people.export_subject")
def person_export(request, uuid):
    person = _person_or_redirect(request, uuid, "people.export_subject")
    consented = consent_is_given(subject=person, purpose=ConsentPurpose.EXPORT)
    can_override = request.membership.has(services.OVERRIDE_CONSENT)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data["format"]
        try:
            export = services.subject_export(
                actor=request.membership, person=person, export_format=fmt,
                override_reason=form.cleaned_data["override_reason"])
        except ValidationError as error:
            apply_errors(form, error, field="override_reason")
        else:
            stamp = timezone.localdate().isoformat()
            name = f"subject-export-{person.uuid}-{stamp}"
            if fmt == "json":
                response = HttpResponse(exports.to_json(export),
                                        content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="{name}.json"'
            else:
                response = HttpResponse(exports.to_pdf(export), content_type="application/pdf")
                response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
            return response
    return render(request, "people/person_export.html", {
        "person": person, "form": form, "consented": consented, "can_override": can_override})


@requires("people.erase_subject")
def person_erase(request, uuid):
    person = _person_or_redirect(request, uuid, "people.erase_subject")
    if person.is_anonymised or person.merged_into_id:
        messages.info(request, _("This record is already anonymised or merged."))
        return redirect("people:detail", person.uuid)
    holds = subject_rights.hold_reasons(person)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and not holds and form.is_valid():
        try:
            services.person_anonymise(actor=request.membership, person=person,
                                      reason=form.cleaned_data["reason"])
        except ValidationError as error:
            holds = error.messages
        else:
            messages.success(request, _("The record was anonymised."))
            return redirect("people:detail", person.uuid)
    return render(request, "people/person_erase.html",
                  {"person": person, "form": form, "holds": holds})
