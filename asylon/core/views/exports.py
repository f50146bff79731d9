"""Background exports: the page that follows one, the download, and the member's list."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from asylon.core import exports, selectors
from asylon.core.models import ExportStatus
from asylon.core.spreadsheets import XLSX_TYPE


@login_required
def export_status(request, job_uuid):
    job = selectors.export_job_or_404(membership=request.membership, uuid=job_uuid)
    template = "core/includes/export_progress.html" if request.htmx else "core/export.html"
    return render(request, template, {"job": job})


@login_required
def export_download(request, job_uuid):
    job = selectors.export_job_or_404(membership=request.membership, uuid=job_uuid)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    exports.export_job_downloaded(membership=request.membership, job=job)
    content_type = XLSX_TYPE if job.fmt == "xlsx" else "text/csv; charset=utf-8"
    response = FileResponse(job.file.open("rb"), content_type=content_type,
                            as_attachment=True, filename=job.filename)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_list(request):
    jobs = (selectors.export_jobs_of(membership=request.membership)
            if request.membership else [])
    return render(request, "core/exports.html", {"jobs": jobs[:50]})
