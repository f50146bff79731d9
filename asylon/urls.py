from django.contrib import admin
from django.urls import include, path

from asylon.core import views_errors


def _superusers_with_second_factor(request) -> bool:
    user = request.user
    return user.is_active and user.is_superuser and user.is_verified()


# Django admin is a tool for the platform's operators, never for organisation staff.
admin.site.has_permission = _superusers_with_second_factor
admin.site.site_header = "Asylon"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("asylon.core.urls")),
    path("people/", include("asylon.people.urls")),
    path("cases/", include("asylon.casework.urls")),
    path("grants/", include("asylon.grants.urls")),
    path("engagement/", include("asylon.engagement.urls")),
    path("resettlement/", include("asylon.resettlement.urls")),
    path("volunteers/", include("asylon.volunteers.urls")),
    path("monitoring/", include("asylon.monitoring.urls")),
]

handler400 = views_errors.bad_request
handler403 = views_errors.permission_denied
handler404 = views_errors.page_not_found
handler500 = views_errors.server_error
