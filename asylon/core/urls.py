from django.contrib.auth import views as auth_views
from django.urls import path

from asylon.core.views import auth, exports, organisation

app_name = "core"

urlpatterns = [
    path("", organisation.dashboard, name="dashboard"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth.logout_view, name="logout"),
    path("accounts/two-factor/", auth.otp_verify, name="otp_verify"),
    path("accounts/two-factor/setup/", auth.otp_setup, name="otp_setup"),
    path("accounts/two-factor/recovery-codes/", auth.recovery_codes_new, name="recovery_codes"),
    path("accounts/", auth.account, name="account"),
    path("accounts/password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/activate/<str:uidb64>/<str:token>/", auth.registration_confirm,
         name="registration_confirm"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="core/auth/password_reset_sent.html"), name="password_reset_done"),
    path("accounts/password-reset/<uidb64>/<token>/", auth.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/password-reset/complete/", auth_views.PasswordResetCompleteView.as_view(
        template_name="core/auth/password_reset_complete.html"), name="password_reset_complete"),
    path("i18n/language/", organisation.change_language, name="set_language"),
    path("organisation/switch/", organisation.switch_organisation, name="switch_organisation"),
    path("organisation/members/", organisation.members, name="members"),
    path("organisation/members/invite/", organisation.invite, name="invite"),
    path("organisation/members/<int:membership_id>/", organisation.member_edit,
         name="member_edit"),
    path("organisation/members/<int:membership_id>/deactivate/", organisation.member_set_active,
         {"active": False}, name="member_deactivate"),
    path("organisation/members/<int:membership_id>/reactivate/", organisation.member_set_active,
         {"active": True}, name="member_reactivate"),
    path("organisation/invitations/<int:invitation_id>/revoke/", organisation.invitation_revoke,
         name="invitation_revoke"),
    path("invite/<str:token>/", organisation.invitation_accept, name="invitation_accept"),
    path("organisation/audit/", organisation.audit_trail, name="audit"),
    path("exports/", exports.export_list, name="exports"),
    path("exports/<uuid:job_uuid>/", exports.export_status, name="export"),
    path("exports/<uuid:job_uuid>/download/", exports.export_download, name="export_download"),
]
