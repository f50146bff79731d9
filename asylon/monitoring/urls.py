from django.urls import path

from asylon.monitoring.views import intake, offline, publications, records

app_name = "monitoring"

urlpatterns = [
    path("", records.incidents, name="incidents"),
    path("incidents/new/", records.incident_new, name="incident_new"),
    path("incidents/<uuid:uuid>/", records.incident_detail, name="incident"),
    path("incidents/<uuid:uuid>/edit/", records.incident_edit, name="incident_edit"),
    path("incidents/<uuid:uuid>/testimonies/new/", records.testimony_new, name="testimony_new"),
    path("incidents/<uuid:uuid>/evidence/new/", records.evidence_new, name="evidence_new"),
    path("incidents/<uuid:uuid>/review/", records.incident_review, name="incident_review"),
    path("incidents/<uuid:uuid>/decide/", records.incident_decide, name="incident_decide"),
    path("incidents/<uuid:uuid>/corroborate/", records.corroborate, name="corroborate"),
    path("testimonies/<uuid:uuid>/withdraw/", records.testimony_withdraw,
         name="testimony_withdraw"),
    path("evidence/<uuid:uuid>/", records.evidence_download, name="evidence_download"),
    path("publications/", publications.publications, name="publications"),
    path("publications/new/", publications.publication_new, name="publication_new"),
    path("publications/<uuid:uuid>/", publications.publication_detail, name="publication"),
    path("publications/<uuid:uuid>/hxl.csv", publications.publication_hxl, {"fmt": "csv"},
         name="publication_csv"),
    path("publications/<uuid:uuid>/hxl.xlsx", publications.publication_hxl, {"fmt": "xlsx"},
         name="publication_xlsx"),
    path("publications/<uuid:uuid>/datapackage.zip", publications.publication_package,
         name="publication_package"),
    path("publications/<uuid:uuid>/factsheet-<str:language>.pdf", publications.publication_pdf,
         name="publication_pdf"),
    path("partners/", intake.intake_links, name="intake_links"),
    path("partners/new/", intake.intake_link_new, name="intake_link_new"),
    path("partners/<uuid:uuid>/stop/", intake.intake_link_deactivate, name="intake_link_stop"),
    path("report/<str:key>/", intake.public_report, name="public_report"),
    path("report/<str:key>/thanks/", intake.public_thanks, name="public_thanks"),
    path("capture/", offline.capture, name="capture"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("sync/", offline.sync, name="sync"),
]
