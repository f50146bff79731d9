from django.urls import path

from asylon.grants.views import applications, awards, partners, review

app_name = "grants"

urlpatterns = [
    # Public portal
    path("", applications.portal, name="portal"),
    path("calls/<uuid:uuid>/", applications.call_detail, name="call_detail"),
    path("register/", applications.register, name="register"),
    # Applying
    path("calls/<uuid:uuid>/apply/", applications.application_start, name="application_start"),
    path("applications/", applications.applications, name="applications"),
    path("applications/<uuid:uuid>/", applications.application_detail, name="application_detail"),
    path("applications/<uuid:uuid>/edit/<str:step>/", applications.application_edit,
         name="application_edit"),
    path("applications/<uuid:uuid>/submit/", applications.application_submit,
         name="application_submit"),
    path("attachments/<uuid:uuid>/", applications.attachment_download, name="attachment_download"),
    path("attachments/<uuid:uuid>/delete/", applications.attachment_delete,
         name="attachment_delete"),
    # Review
    path("applications/<uuid:uuid>/screen/", review.application_screen, name="application_screen"),
    path("applications/<uuid:uuid>/assign/", review.application_assign, name="application_assign"),
    path("applications/<uuid:uuid>/decide/", review.application_decide, name="application_decide"),
    path("reviews/<uuid:uuid>/", review.review_declare, name="review_declare"),
    path("reviews/<uuid:uuid>/score/", review.review_score, name="review_score"),
    path("manage/calls/", review.manage_calls, name="manage_calls"),
    path("manage/calls/new/", review.call_edit, name="call_new"),
    path("manage/calls/<uuid:uuid>/", review.call_edit, name="call_edit"),
    path("manage/calls/<uuid:uuid>/rubric/", review.call_rubric, name="call_rubric"),
    path("manage/calls/<uuid:uuid>/ranking/", review.call_ranking, name="call_ranking"),
    # Grants and money
    path("awards/", awards.grants, name="grants"),
    path("awards/<uuid:uuid>/", awards.grant_detail, name="grant_detail"),
    path("awards/<uuid:uuid>/sign/", awards.agreement_sign, name="agreement_sign"),
    path("awards/<uuid:uuid>/cofinancing/", awards.cofinancing_add, name="cofinancing_add"),
    path("awards/<uuid:uuid>/spending/", awards.expenditure_add, name="expenditure_add"),
    path("awards/<uuid:uuid>/outcomes/new/", awards.outcome_add, name="outcome_add"),
    path("outcomes/<uuid:uuid>/indicators/new/", awards.indicator_add, name="indicator_add"),
    path("tranches/<uuid:uuid>/pay/", awards.tranche_pay, name="tranche_pay"),
    path("reports/<uuid:uuid>/", awards.report_detail, name="report_detail"),
    path("reports/<uuid:uuid>/review/", awards.report_review, name="report_review"),
    path("exchange-rates/", awards.exchange_rates, name="exchange_rates"),
    path("results/", awards.results, name="results"),
    path("iati/activities.xml", awards.iati_export, name="iati_export"),
    # Partners and capacity building
    path("partners/", partners.partners, name="partners"),
    path("partners/new/", partners.partner_new, name="partner_new"),
    path("partners/<uuid:uuid>/", partners.partner_detail, name="partner_detail"),
    path("partners/<uuid:uuid>/edit/", partners.partner_edit, name="partner_edit"),
    path("partners/<uuid:uuid>/contacts/new/", partners.contact_add, name="contact_add"),
    path("partners/<uuid:uuid>/documents/new/", partners.document_add, name="document_add"),
    path("documents/<uuid:uuid>/", partners.document_download, name="document_download"),
    path("capacity/", partners.capacity, name="capacity"),
    path("capacity/new/", partners.activity_new, name="activity_new"),
    path("capacity/modules/new/", partners.module_new, name="module_new"),
    path("capacity/<uuid:uuid>/", partners.activity_detail, name="activity_detail"),
]
