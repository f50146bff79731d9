"""Spreadsheet import: upload, map columns, preview with per-row errors, commit as a job."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from asylon.casework import importing, selectors
from asylon.casework.forms import ImportMappingForm, ImportUploadForm
from asylon.casework.models import ImportStatus
from asylon.core.forms import apply_errors
from asylon.core.spreadsheets import FORMATS, Sheet, spreadsheet_response
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors

PERMISSION = "casework.import_cases"


@requires(PERMISSION)
def import_start(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = importing.import_start(actor=request.membership, upload=form.cleaned_data["file"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("casework:import_map", job.uuid)
    return render(request, "casework/import_start.html",
                  {"form": form, "fields": importing.FIELDS})


@requires(PERMISSION)
def import_map(request, import_uuid):
    job = selectors.import_access_or_404(membership=request.membership, uuid=import_uuid)
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.PREVIEWED):
        return redirect("casework:import_status", job.uuid)
    form = ImportMappingForm(request.POST or None, headers=job.headers, fields=importing.FIELDS,
                             initial=job.mapping)
    checked = None
    if request.method == "POST" and form.is_valid():
        try:
            checked = importing.import_check(actor=request.membership, job=job,
                                             mapping=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
    if checked is not None:
        return render(request, "casework/import_preview.html", {
            "job": job, "checked": checked[:500], "more": max(0, len(checked) - 500),
            "error_count": len(job.errors),
            "headers": [label for key, label, _r in importing.FIELDS if job.mapping.get(key)],
            "keys": [key for key, _l, _r in importing.FIELDS if job.mapping.get(key)]})
    return render(request, "casework/import_map.html", {"job": job, "form": form,
                                                        "sample": job.rows[:3]})


@requires(PERMISSION)
def import_commit(request, import_uuid):
    job = selectors.import_access_or_404(membership=request.membership, uuid=import_uuid)
    if request.method != "POST":
        return redirect("casework:import_map", job.uuid)
    links = {key.removeprefix("link-"): value for key, value in request.POST.items()
             if key.startswith("link-")}
    try:
        importing.import_queue(actor=request.membership, job=job, links=links)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("casework:import_map", job.uuid)
    return redirect("casework:import_status", job.uuid)


@requires(PERMISSION)
def import_status(request, import_uuid):
    job = selectors.import_access_or_404(membership=request.membership, uuid=import_uuid)
    template = ("casework/includes/import_progress.html" if request.htmx
                else "casework/import_status.html")
    return render(request, template, {"job": job, "running": job.status in (
        ImportStatus.QUEUED, ImportStatus.RUNNING)})


@requires(PERMISSION)
def import_export(request):
    """The caseload in the import's own columns, to edit in a spreadsheet and load again."""
    cases = selectors.caseload(membership=request.membership, status="")
    fmt = request.GET.get("format", "csv")
    rows = importing.export_rows(cases)
    headers = next(rows)
    return spreadsheet_response("caseload", fmt if fmt in FORMATS else "csv",
                                Sheet(headers, rows, title="caseload"))
