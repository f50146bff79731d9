"""Every protected view of monitoring, for the core permission matrix.

Records are visible to field monitors of their own organisation only; publications
(aggregates) to monitors, analysts and communications; nobody else sees either.
"""

import datetime

from asylon.core.roles import Role
from asylon.core.tests.matrix import ProtectedView, Target, roles

MONITOR = roles(Role.FIELD_MONITOR)
READERS = roles(Role.FIELD_MONITOR, Role.ANALYST, Role.COMMUNICATIONS)
PUBLISH = roles(Role.FIELD_MONITOR, Role.ANALYST)


def _incident(org, status="draft"):
    from asylon.monitoring.tests.factories import make_incident
    return make_incident(org, status=status, police_station="Marker Station Zq")


def _evidence(org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from asylon.monitoring import services
    from asylon.monitoring.tests.services.test_verification_and_evidence import PNG
    incident = _incident(org)
    return services.evidence_add(actor=incident.author.memberships.get(), incident=incident,
                                 upload=SimpleUploadedFile("p.png", PNG))


def _publication(org):
    from asylon.monitoring.models import Publication
    return Publication.objects.create(
        organisation=org, period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31), threshold=5, title="Marker Publication Zq",
        tables={"tables": [], "headline": {"incidents": None, "people": None,
                                           "minors": None}})


def _link(org):
    from asylon.monitoring.models import IntakeLink
    return IntakeLink.objects.create(organisation=org, partner_name="Marker Partner Zq",
                                     key=f"matrix-{org.pk}")


def _url(name, obj_fn, suffix=""):
    return lambda org, actor: Target(f"/monitoring/{name}/{obj_fn(org).uuid}/{suffix}")


VIEWS = [
    ProtectedView("monitoring-incidents", lambda org, actor: Target(
        "/monitoring/", marker=_incident(org).reference), MONITOR, object_scoped=False),
    ProtectedView("monitoring-incidents-export", lambda org, actor: Target(
        "/monitoring/?export=csv", marker=_incident(org).reference), MONITOR,
        object_scoped=False),
    ProtectedView("monitoring-incident-new", lambda org, actor: Target(
        "/monitoring/incidents/new/"), MONITOR, object_scoped=False),
    ProtectedView("monitoring-incident", _url("incidents", _incident), MONITOR),
    ProtectedView("monitoring-incident-edit", _url("incidents", _incident, "edit/"), MONITOR),
    ProtectedView("monitoring-testimony-new", _url("incidents", _incident, "testimonies/new/"),
                  MONITOR),
    ProtectedView("monitoring-evidence-new", _url("incidents", _incident, "evidence/new/"),
                  MONITOR),
    ProtectedView("monitoring-review", _url("incidents", _incident, "review/"), MONITOR),
    ProtectedView("monitoring-decide", _url("incidents", lambda org: _incident(
        org, status="reviewed"), "decide/"), MONITOR),
    ProtectedView("monitoring-corroborate", _url("incidents", _incident, "corroborate/"),
                  MONITOR),
    ProtectedView("monitoring-testimony-withdraw", lambda org, actor: Target(
        f"/monitoring/testimonies/{_incident(org).testimonies.get().uuid}/withdraw/"), MONITOR),
    ProtectedView("monitoring-evidence-download", _url("evidence", _evidence), MONITOR),
    ProtectedView("monitoring-publications", lambda org, actor: Target(
        "/monitoring/publications/", marker=_publication(org).title), READERS,
        object_scoped=False),
    ProtectedView("monitoring-publication-new", lambda org, actor: Target(
        "/monitoring/publications/new/"), PUBLISH, object_scoped=False),
    ProtectedView("monitoring-publication", _url("publications", _publication), READERS),
    ProtectedView("monitoring-publication-csv", _url("publications", _publication, "hxl.csv"),
                  READERS),
    ProtectedView("monitoring-publication-xlsx", _url("publications", _publication, "hxl.xlsx"),
                  READERS),
    ProtectedView("monitoring-publication-package", lambda org, actor: Target(
        f"/monitoring/publications/{_publication(org).uuid}/datapackage.zip"), READERS),
    ProtectedView("monitoring-publication-pdf", lambda org, actor: Target(
        f"/monitoring/publications/{_publication(org).uuid}/factsheet-en.pdf"), READERS),
    ProtectedView("monitoring-intake-links", lambda org, actor: Target(
        "/monitoring/partners/", marker=_link(org).partner_name), MONITOR, object_scoped=False),
    ProtectedView("monitoring-intake-link-new", lambda org, actor: Target(
        "/monitoring/partners/new/"), MONITOR, object_scoped=False),
    ProtectedView("monitoring-intake-link-stop", _url("partners", _link, "stop/"), MONITOR),
    ProtectedView("monitoring-capture", lambda org, actor: Target("/monitoring/capture/"),
                  MONITOR, object_scoped=False),
    ProtectedView("monitoring-sync", lambda org, actor: Target("/monitoring/sync/", data={}),
                  MONITOR, method="post", ok_status=(400,), object_scoped=False),
]
