"""Screening, reviewer assignment, conflict declarations, scores and panel decisions."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from asylon.core import audit, policy
from asylon.core.models import Membership
from asylon.core.roles import Role
from asylon.grants.models import (
    Application,
    ApplicationStatus,
    Decision,
    PanelDecision,
    ReviewAssignment,
    Score,
)
from asylon.grants.services.access import require_managed
from asylon.grants.services.awards import grant_from_application
from asylon.grants.services.helpers import money


def application_screen(*, actor: Membership, application: Application, eligible: bool,
                       note: str = "") -> Application:
    require_managed(actor, application)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE,
                                  ApplicationStatus.INELIGIBLE):
        raise ValidationError(_("Only submitted applications can be screened."))
    with transaction.atomic():
        application.status = ApplicationStatus.ELIGIBLE if eligible else \
            ApplicationStatus.INELIGIBLE
        application.screening_note = note
        application.save(update_fields=["status", "screening_note"])
        audit.record(actor=actor, action="screen", obj=application,
                     fields=["status", "screening_note"])
    return application


def reviewer_assign(*, actor: Membership, application: Application, reviewer: Membership
                    ) -> ReviewAssignment:
    require_managed(actor, application)
    if application.status != ApplicationStatus.ELIGIBLE:
        raise ValidationError(_("Screen the application as eligible before assigning reviewers."))
    if reviewer.role != Role.REVIEWER or not reviewer.is_active or \
            reviewer.organisation_id != application.call.fund.organisation_id:
        raise ValidationError(_("Choose one of the fund's external reviewers."))
    if not application.call.criteria.exists():
        raise ValidationError(_("Set the call's scoring rubric before assigning reviewers."))
    if application.assignments.filter(reviewer=reviewer).exists():
        raise ValidationError(_("This reviewer is already assigned."))
    with transaction.atomic():
        assignment = ReviewAssignment.objects.create(application=application, reviewer=reviewer)
        audit.record(actor=actor, action="assign", obj=assignment, fields=["reviewer"])
    return assignment


def conflict_declare(*, actor: Membership, assignment: ReviewAssignment, has_conflict: bool,
                     note: str = "") -> ReviewAssignment:
    policy.require(actor, "grants.review")
    if assignment.reviewer_id != actor.pk:
        raise PermissionDenied
    if assignment.has_conflict is not None:
        raise ValidationError(_("You have already made your declaration."))
    if has_conflict and not note.strip():
        raise ValidationError(_("Say briefly what the conflict is."))
    with transaction.atomic():
        assignment.has_conflict = has_conflict
        assignment.declaration_note = note
        assignment.declared_at = timezone.now()
        assignment.save(update_fields=["has_conflict", "declaration_note", "declared_at"])
        audit.record(actor=actor, action="declare_conflict" if has_conflict else
                     "declare_no_conflict", obj=assignment, fields=["has_conflict"])
    return assignment


def review_submit(*, actor: Membership, assignment: ReviewAssignment,
                  scores: dict[int, tuple[int, str]], comment: str = "") -> ReviewAssignment:
    policy.require(actor, "grants.review")
    if assignment.reviewer_id != actor.pk or assignment.has_conflict is not False:
        raise PermissionDenied
    application = assignment.application
    if application.status != ApplicationStatus.ELIGIBLE:
        raise ValidationError(_("This application is no longer in review."))
    criteria = {c.pk: c for c in application.call.criteria.all()}
    if set(scores) != set(criteria):
        raise ValidationError(_("Score every criterion."))
    for pk, (value, _comment) in scores.items():
        if not 0 <= value <= criteria[pk].max_score:
            raise ValidationError(_("A score for “%(c)s” must be between 0 and %(max)s.")
                                  % {"c": criteria[pk].name, "max": criteria[pk].max_score})
    with transaction.atomic():
        for pk, (value, text) in scores.items():
            Score.objects.update_or_create(assignment=assignment, criterion_id=pk,
                                           defaults={"score": value, "comment": text})
        assignment.comment = comment
        assignment.submitted_at = timezone.now()
        assignment.save(update_fields=["comment", "submitted_at"])
        audit.record(actor=actor, action="score", obj=assignment, fields=["scores", "comment"])
    return assignment


def panel_decide(*, actor: Membership, application: Application, decision: str,
                 minutes: str, amount: Decimal | None = None) -> PanelDecision:
    require_managed(actor, application)
    if application.status != ApplicationStatus.ELIGIBLE:
        raise ValidationError(_("Only eligible applications in review can be decided."))
    if not minutes.strip():
        raise ValidationError(_("Record the panel's minutes."))
    if decision == Decision.AWARD:
        if amount is None or amount <= 0:
            raise ValidationError(_("Give the amount awarded."))
        if amount > application.call.max_amount:
            raise ValidationError(_("The amount is more than the call's limit."))
    with transaction.atomic():
        record = PanelDecision.objects.create(
            application=application, decision=decision, minutes=minutes,
            amount=money(amount) if decision == Decision.AWARD else None, decided_by=actor.user)
        application.status = ApplicationStatus.AWARDED if decision == Decision.AWARD else \
            ApplicationStatus.REJECTED
        application.save(update_fields=["status"])
        grant = grant_from_application(application, record) if \
            decision == Decision.AWARD else None
        record.letter = render_to_string("grants/email/decision_letter.txt", {
            "application": application, "decision": record, "grant": grant,
            "fund": application.call.fund})
        record.letter_sent_at = timezone.now()
        record.save(update_fields=["letter", "letter_sent_at"])
        audit.record(actor=actor, action="decide", obj=application, fields=["status", "decision"])
        recipients = _applicant_addresses(application)
        subject = _("Decision on your application %(ref)s") % {"ref": application.reference}
        transaction.on_commit(lambda: send_mail(subject, record.letter, None, recipients))
    return record


def _applicant_addresses(application) -> list[str]:
    emails = set(Membership.objects.filter(
        organisation_id=application.organisation_id, is_active=True,
        role__in=[Role.ORG_ADMIN, Role.APPLICANT],
    ).values_list("user__email", flat=True))
    if application.created_by:
        emails.add(application.created_by.email)
    return sorted(emails)
