"""Writes of applications: drafts, budget, attachments, submission."""

import uuid
import zoneinfo
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asylon.core import audit, policy, uploads
from asylon.core.models import Membership
from asylon.grants.models import (
    Application,
    ApplicationStatus,
    Attachment,
    BudgetLine,
    Call,
    PartnerProfile,
)
from asylon.grants.services.access import require_object
from asylon.grants.services.files import MAX_ATTACHMENT_BYTES
from asylon.grants.services.helpers import (
    EARLIEST,
    date_between,
    deadline_passed,
    latest_start,
    money,
    new_reference,
)


def _editable(actor, application):
    require_object(actor, "grants.apply", application)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("This application was submitted and can no longer be changed."))


def application_start(*, actor: Membership, call: Call) -> Application:
    policy.require(actor, "grants.apply")
    if not call.is_open:
        raise ValidationError(_("This call is not open for applications."))
    profile = PartnerProfile.objects.filter(organisation_id=actor.organisation_id).first()
    with transaction.atomic():
        application = Application.objects.create(
            call=call, organisation_id=actor.organisation_id, reference=new_reference("APP"),
            title=_("New application"), country=actor.organisation.country,
            applicant_time_zone=profile.time_zone if profile else call.time_zone,
            created_by=actor.user)
        audit.record(actor=actor, action="create", obj=application, fields=["call", "title"])
    return application


def _start_problem(start) -> str | None:
    if date_between(start, latest_start()):
        return None
    return _("Choose a start date between %(first)s and %(last)s.") % {
        "first": date_format(EARLIEST), "last": date_format(latest_start())}


def application_save_basics(*, actor: Membership, application: Application, data: dict
                            ) -> Application:
    _editable(actor, application)
    problem = _start_problem(data.get("start_date"))
    if problem:
        raise ValidationError({"start_date": problem})
    if data.get("applicant_time_zone") and \
            data["applicant_time_zone"] not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a valid time zone."))
    with transaction.atomic():
        fields = audit.changed_fields(application, data)
        for name, value in data.items():
            setattr(application, name, value)
        application.save()
        audit.record(actor=actor, action="change", obj=application, fields=fields)
    return application


def application_save_answers(*, actor: Membership, application: Application, answers: dict
                             ) -> Application:
    _editable(actor, application)
    keys = {q["key"] for q in application.call.questions}
    with transaction.atomic():
        application.answers = {k: v for k, v in answers.items() if k in keys}
        application.save(update_fields=["answers"])
        audit.record(actor=actor, action="change", obj=application, fields=["answers"])
    return application


def application_save_budget(*, actor: Membership, application: Application,
                            requested_amount: Decimal | None,
                            lines: list[tuple[str, str, Decimal]]) -> Application:
    """Saves the budget as the applicant typed it; totals are checked before submission.

    A draft may be inconsistent: refusing to save it would throw away their work.
    """
    _editable(actor, application)
    for _category, _description, amount in lines:
        if amount < 0:
            raise ValidationError(_("A budget line cannot be negative."))
    with transaction.atomic():
        application.requested_amount = requested_amount
        application.save(update_fields=["requested_amount"])
        application.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(application=application, category=c, description=d, amount=money(a),
                       order=i) for i, (c, d, a) in enumerate(lines))
        audit.record(actor=actor, action="change", obj=application,
                     fields=["requested_amount", "budget_lines"])
    return application


def attachment_add(*, actor: Membership, application: Application, uploaded,
                   description: str = "") -> Attachment:
    _editable(actor, application)
    checked = uploads.check(uploaded, accept=uploads.GRANT_ATTACHMENTS,
                            limit_bytes=MAX_ATTACHMENT_BYTES)
    with transaction.atomic():
        attachment = Attachment(application=application, original_name=uploaded.name[:200],
                                content_type=checked.mime, size=len(checked.content),
                                description=description, uploaded_by=actor.user)
        # A random stored name: the applicant's file name never reaches the file system.
        attachment.file.save(f"{uuid.uuid4().hex}.{checked.extension}",
                             ContentFile(checked.content), save=False)
        attachment.save()
        audit.record(actor=actor, action="create", obj=attachment, fields=["file"])
    return attachment


def attachment_delete(*, actor: Membership, attachment: Attachment) -> None:
    _editable(actor, attachment.application)
    with transaction.atomic():
        audit.record(actor=actor, action="delete", obj=attachment)
        attachment.file.delete(save=False)
        attachment.delete()


def application_problems(application: Application, now=None) -> list[str]:
    """Everything that stands between this draft and a valid submission, in plain words."""
    call = application.call
    problems = []
    if deadline_passed(call, now):
        problems.append(_("The deadline of this call has passed."))
    if not application.title.strip() or application.title == _("New application"):
        problems.append(_("Give the project a title."))
    if not application.summary.strip():
        problems.append(_("Write a short summary of the project."))
    if call.eligible_countries and application.country.code not in call.eligible_countries:
        problems.append(_("Projects in %(country)s are not eligible in this call.")
                        % {"country": application.country.name or "?"})
    if call.eligible_kinds and application.organisation.kind not in call.eligible_kinds:
        problems.append(_("Your type of organisation is not eligible in this call."))
    months = application.duration_months
    if not months or not application.start_date:
        problems.append(_("Give a start date and a duration."))
    elif _start_problem(application.start_date):
        problems.append(_start_problem(application.start_date))
    elif not call.min_months <= months <= call.max_months:
        problems.append(_("The duration must be between %(min)s and %(max)s months.")
                        % {"min": call.min_months, "max": call.max_months})
    for question in call.questions:
        if question.get("required", True) and not str(
                application.answers.get(question["key"], "")).strip():
            problems.append(_("Answer the question “%(q)s”.") % {"q": question["label"]})
    from asylon.core.templatetags.asylon import money
    requested = application.requested_amount
    total = application.budget_total
    if requested is None or not application.budget_lines.exists():
        problems.append(_("Fill in the budget."))
    else:
        if total != requested:
            problems.append(_("The budget lines add up to %(total)s %(cur)s, but the amount "
                              "requested is %(req)s %(cur)s.")
                            % {"total": money(total), "req": money(requested),
                               "cur": call.currency})
        if requested > call.max_amount:
            problems.append(_("The amount requested is more than this call's limit of "
                              "%(max)s %(cur)s.") % {"max": money(call.max_amount),
                                                       "cur": call.currency})
        if requested < call.min_amount:
            problems.append(_("The amount requested is less than this call's minimum of "
                              "%(min)s %(cur)s.") % {"min": money(call.min_amount),
                                                       "cur": call.currency})
    if application.attachments.count() < call.required_attachments:
        problems.append(_("Attach at least %(n)s document(s).") % {"n": call.required_attachments})
    return problems


def application_submit(*, actor: Membership, application: Application, now=None) -> Application:
    _editable(actor, application)
    problems = application_problems(application, now)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = now or timezone.now()
        application.save(update_fields=["status", "submitted_at"])
        audit.record(actor=actor, action="submit", obj=application, fields=["status"])
    return application
