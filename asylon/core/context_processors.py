from django.conf import settings

from asylon.core.navigation import nav_items_for, nav_menu_for


def navigation(request):
    membership = getattr(request, "membership", None)
    user = request.user
    memberships = []
    if user.is_authenticated:
        memberships = [m for m in user.memberships.select_related("organisation")
                       if m.is_active and m.organisation.is_active]
    return {
        "membership": membership,
        "nav_items": nav_items_for(membership),
        "nav_menu": nav_menu_for(membership),
        "current_view": getattr(getattr(request, "resolver_match", None), "view_name", ""),
        "switchable_memberships": memberships if len(memberships) > 1 else [],
        "debug_banner": settings.DEBUG,
    }
