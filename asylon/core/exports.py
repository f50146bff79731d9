"""Exports too large to write while the browser waits, written by the job queue.

A list export (`core.listing.build_list`) with more rows than a browser download should
hold (`INLINE_ROWS`: an XLSX is only sent once it is complete, a CSV streams) becomes an
`ExportJob`: the page's scoped query is pickled as Django documents for re-running a
query later, signed so that a row changed in the database cannot make the worker run
another query, and run by `core.tasks.run_export`. The file is stored encrypted (Fernet,
in chunks, with the field keys), may be
downloaded only by the member who asked, while their membership is active, and is
deleted after `KEEP`.

The worker writes exactly what the page would have written: the same scoped query, the
same columns (the page's `ListSpec`, found again by its module and name), the language
of the member who asked.
"""

import logging
import pickle
import tempfile
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from asylon.core import audit
from asylon.core.models import ExportJob, ExportStatus, Membership
from asylon.core.spreadsheets import ROW_LIMIT, Sheet, write_file

logger = logging.getLogger(__name__)

# Above these a download would keep the browser waiting (XLSX: the file is sent when it is
# complete) or be cut at the inline row limit (CSV): the job queue writes it instead.
INLINE_ROWS = {"csv": 50_000, "xlsx": 1_000}
# Excel opens at most 1,048,576 rows; one is the header.
JOB_ROW_LIMIT = 1_048_575
KEEP = timedelta(days=1)
# A second click on the same export while the first is being written (or is ready)
# reuses it instead of writing the file twice.
REUSE_WITHIN = timedelta(hours=1)
PROGRESS_EVERY = 2_000
CHUNK_BYTES = 1 << 20


def needs_job(fmt: str, total: int) -> bool:
    return total > INLINE_ROWS.get(fmt, ROW_LIMIT)


def spec_reference(view_func, spec) -> str:
    """`module:NAME` of the module-level ListSpec `spec` of the view, or "" when the spec
    was built inside the view (then the export stays a download, cut at the row limit)."""
    module_name = getattr(view_func, "__module__", "")
    module = import_module(module_name) if module_name else None
    for name, value in vars(module).items() if module else ():
        if value is spec and name.isupper():
            return f"{module_name}:{name}"
    return ""


def _spec(reference: str):
    module_name, name = reference.split(":", 1)
    return getattr(import_module(module_name), name)


def job_title(job: ExportJob) -> str:
    """What the list held, in the reader's language ("20000 persons"), from the page's own
    count wording; the export's file name when the page has none."""
    try:
        counted = _spec(job.spec_ref).counted
    except (AttributeError, ImportError, ValueError):
        counted = None
    return str(counted % {"counter": job.total}) if counted is not None else job.name


def _signature(model_label: str, data: bytes) -> str:
    return salted_hmac("asylon.core.exports", model_label.encode() + b"\0" + data,
                       algorithm="sha256").hexdigest()


def _queryset(job: ExportJob):
    if not constant_time_compare(job.query_signature, _signature(job.model_label,
                                                                 bytes(job.query))):
        raise ValueError("export query signature does not match")
    queryset = apps.get_model(job.model_label).objects.all()
    queryset.query = pickle.loads(bytes(job.query))  # noqa: S301 - signed by us, above
    return queryset


@transaction.atomic
def export_job_request(*, membership: Membership, queryset, spec_ref: str, fmt: str,
                       name: str, total: int) -> ExportJob:
    """The job writing `queryset` as `fmt`: a new one, or the same member's identical
    request from the last hour that is still being written or ready."""
    data = pickle.dumps(queryset.query)
    model_label = queryset.model._meta.label
    signature = _signature(model_label, data)
    now = timezone.now()
    existing = (ExportJob.objects.select_for_update()
                .filter(membership=membership, fmt=fmt, spec_ref=spec_ref,
                        query_signature=signature, created_at__gte=now - REUSE_WITHIN,
                        expires_at__gt=now)
                .exclude(status=ExportStatus.FAILED).first())
    if existing:
        return existing
    job = ExportJob.objects.create(
        organisation_id=membership.organisation_id, membership=membership, name=name,
        fmt=fmt, spec_ref=spec_ref, model_label=model_label, query=data,
        query_signature=signature, language=translation.get_language() or "en",
        total=total, expires_at=now + KEEP)
    audit.record(actor=membership, action="export_requested", obj=job, fields=[name, fmt])
    from asylon.core import tasks
    transaction.on_commit(lambda: tasks.run_export.enqueue(job.pk))
    return job


def _counted(rows, job_id: int):
    for index, row in enumerate(rows, start=1):
        if index % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job_id).update(done=index)
        yield row


def export_job_run(*, job_id: int) -> dict:
    """Write the job's file (called by the job queue). Always ends: done or failed."""
    from asylon.core.export_rows import export_rows
    from asylon.core.listing import export_value

    purge_expired()
    claimed = (ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED)
               .update(status=ExportStatus.RUNNING))
    if not claimed:
        return {"job": job_id, "skipped": True}
    job = ExportJob.objects.select_related("membership").get(pk=job_id)
    with translation.override(job.language):
        try:
            if not job.membership.is_active:
                raise PermissionError("membership no longer active")
            spec = _spec(job.spec_ref)
            columns = spec.columns
            rows = ([export_value(c, row) for c in columns]
                    for row in _counted(export_rows(_queryset(job)), job.pk))
            sheet = Sheet(headers=[c.label for c in columns], rows=rows, title=job.name)
            with tempfile.TemporaryFile() as handle, tempfile.TemporaryFile() as sealed:
                write_file(job.fmt, [sheet], handle, row_limit=JOB_ROW_LIMIT)
                handle.seek(0)
                _seal(handle, sealed)
                sealed.seek(0)
                job.file.save(job.filename, File(sealed), save=False)
        except Exception:
            # The message is for the member; the log holds no rows, only the job.
            logger.exception("export job %s failed", job.pk)
            ExportJob.objects.filter(pk=job.pk).update(
                status=ExportStatus.FAILED, finished_at=timezone.now(),
                message=_("The file could not be written. Try again, or narrow the list "
                          "with its search and filters."))
            return {"job": job.pk, "failed": True}
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE, done=job.total, file=job.file.name,
        finished_at=timezone.now())
    return {"job": job.pk, "rows": job.total}


def _seal(clear, sealed) -> None:
    """Encrypt `clear` into `sealed` a chunk at a time (a length, then a Fernet token),
    so that a file of 300,000 rows never sits in memory whole, written or read."""
    from asylon.core.encryption import fernet
    box = fernet()
    while chunk := clear.read(CHUNK_BYTES):
        token = box.encrypt(chunk)
        sealed.write(len(token).to_bytes(4, "big"))
        sealed.write(token)


def file_chunks(job: ExportJob):
    """The clear bytes of the job's file, a chunk at a time (for a streamed download)."""
    from asylon.core.encryption import fernet
    box = fernet()
    with job.file.open("rb") as sealed:
        while header := sealed.read(4):
            yield box.decrypt(sealed.read(int.from_bytes(header, "big")))


def export_job_downloaded(*, membership: Membership, job: ExportJob) -> None:
    audit.record(actor=membership, action="export_downloaded", obj=job,
                 fields=[job.name, job.fmt])


def purge_expired() -> int:
    """Delete the files and rows of jobs past their day."""
    expired = list(ExportJob.objects.filter(expires_at__lte=timezone.now()))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(expired)
