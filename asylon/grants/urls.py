from django.urls import path

from asylon.grants.views import applications, awards, partners, review

app_name = "grants"

urlpatterns = [
    # Public portal
    path("", applications.portal, name="portal"),
    path("calls/<int:pk>/", applications.call_detail, name="call_detail"),
    path("register/", applications.register, name="register"),
    # Applying
    path("calls/<int:pk>/apply/", applications.application_start, name="application_start"),
    path("applications/", applications.applications, name="applications"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/<str:step>/", applications.application_edit,
         name="application_edit"),
    path("applications/<int:pk>/submit/", applications.application_submit,
         name="application_submit"),
    path("attachments/<int:pk>/", applications.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", applications.attachment_delete,
         name="attachment_delete"),
    # Review
    path("applications/<int:pk>/screen/", review.application_screen, name="application_screen"),
    path("applications/<int:pk>/assign/", review.application_assign, name="application_assign"),
    path("applications/<int:pk>/decide/", review.application_decide, name="application_decide"),
    path("reviews/<int:pk>/", review.review_declare, name="review_declare"),
    path("reviews/<int:pk>/score/", review.review_score, name="review_score"),
    path("manage/calls/", review.manage_calls, name="manage_calls"),
    path("manage/calls/new/", review.call_edit, name="call_new"),
    path("manage/calls/<int:pk>/", review.call_edit, name="call_edit"),
    path("manage/calls/<int:pk>/rubric/", review.call_rubric, name="call_rubric"),
    path("manage/calls/<int:pk>/ranking/", review.call_ranking, name="call_ranking"),
    # Grants and money
    path("awards/", awards.grants, name="grants"),
    path("awards/<int:pk>/", awards.grant_detail, name="grant_detail"),
    path("awards/<int:pk>/sign/", awards.agreement_sign, name="agreement_sign"),
    path("awards/<int:pk>/cofinancing/", awards.cofinancing_add, name="cofinancing_add"),
    path("awards/<int:pk>/spending/", awards.expenditure_add, name="expenditure_add"),
    path("awards/<int:pk>/outcomes/new/", awards.outcome_add, name="outcome_add"),
    path("outcomes/<int:pk>/indicators/new/", awards.indicator_add, name="indicator_add"),
    path("tranches/<int:pk>/pay/", awards.tranche_pay, name="tranche_pay"),
    path("reports/<int:pk>/", awards.report_detail, name="report_detail"),
    path("reports/<int:pk>/review/", awards.report_review, name="report_review"),
    path("exchange-rates/", awards.exchange_rates, name="exchange_rates"),
    path("results/", awards.results, name="results"),
    path("iati/activities.xml", awards.iati_export, name="iati_export"),
    # Partners and capacity building
    path("partners/", partners.partners, name="partners"),
    path("partners/new/", partners.partner_new, name="partner_new"),
    path("partners/<int:pk>/", partners.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", partners.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/contacts/new/", partners.contact_add, name="contact_add"),
    path("partners/<int:pk>/documents/new/", partners.document_add, name="document_add"),
    path("documents/<int:pk>/", partners.document_download, name="document_download"),
    path("capacity/", partners.capacity, name="capacity"),
    path("capacity/new/", partners.activity_new, name="activity_new"),
    path("capacity/modules/new/", partners.module_new, name="module_new"),
    path("capacity/<int:pk>/", partners.activity_detail, name="activity_detail"),
]
