"""Background exports: the page that follows one, the download, and the member's list."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render

from asylon.core import exports, selectors
from asylon.core.models import ExportStatus
from asylon.core.spreadsheets import XLSX_TYPE


@login_required
def export_status(request, job_uuid):
    job = selectors.export_job_or_404(membership=request.membership, uuid=job_uuid)
    job.title = exports.job_title(job)
    template = "core/includes/export_progress.html" if request.htmx else "core/export.html"
    return render(request, template, {"job": job})


@login_required
def export_download(request, job_uuid):
    job = selectors.export_job_or_404(membership=request.membership, uuid=job_uuid)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    exports.export_job_downloaded(membership=request.membership, job=job)
    content_type = XLSX_TYPE if job.fmt == "xlsx" else "text/csv; charset=utf-8"
    response = StreamingHttpResponse(exports.file_chunks(job), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_list(request):
    jobs = list(selectors.export_jobs_of(membership=request.membership)[:50]
                if request.membership else [])
    for job in jobs:
        job.title = exports.job_title(job)
    return render(request, "core/exports.html", {"jobs": jobs})
