"""Scoped reads of the monitoring domain."""

from django.db.models import Count, Q

from asylon.core import policy
from asylon.monitoring.models import (
    Evidence,
    Incident,
    IntakeLink,
    Publication,
    Status,
    Testimony,
)


def incidents_visible_to(*, membership):
    return policy.scope(membership, "monitoring.view_incident",
                        Incident.objects.prefetch_related("violations"))


def incident_for(*, membership, uuid, permission="monitoring.view_incident"):
    return policy.access_or_404(membership, permission,
                                Incident.objects.select_related("chain", "author",
                                                                "reviewed_by", "verified_by"),
                                uuid=uuid)


def testimony_for(*, membership, uuid):
    return policy.access_or_404(membership, "monitoring.record",
                                Testimony.objects.select_related("incident"), uuid=uuid)


def evidence_for(*, membership, uuid):
    return policy.access_or_404(membership, "monitoring.view_incident",
                                Evidence.objects.select_related("incident"), uuid=uuid)


def publications_visible_to(*, membership):
    return policy.scope(membership, "monitoring.view_publication",
                        Publication.objects.select_related("published_by"))


def publication_for(*, membership, uuid):
    return policy.access_or_404(membership, "monitoring.view_publication",
                                Publication.objects.all(), uuid=uuid)


def intake_links_visible_to(*, membership):
    return policy.scope(membership, "monitoring.manage_intake", IntakeLink.objects.all())


def chain_of(*, incident):
    if incident.chain_id is None:
        return []
    return list(Incident.objects.filter(chain_id=incident.chain_id,
                                        organisation_id=incident.organisation_id)
                .exclude(pk=incident.pk).order_by("date_from"))


def dashboard_summary(*, membership) -> dict:
    latest = publications_visible_to(membership=membership).first()
    summary = {"latest_publication": latest}
    if membership.has("monitoring.view_incident"):
        counts = incidents_visible_to(membership=membership).aggregate(
            drafts=Count("pk", filter=Q(status=Status.DRAFT)),
            reviewed=Count("pk", filter=Q(status=Status.REVIEWED)),
            verified=Count("pk", filter=Q(status=Status.VERIFIED)))
        summary["counts"] = counts
    return summary
