"""Dashboard, organisation switching, language, members, invitations and the audit trail."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from asylon.core import policy, selectors, services
from asylon.core.forms import (
    AcceptInvitationForm,
    AuditFilterForm,
    InviteForm,
    RoleForm,
    apply_errors,
)
from asylon.core.keyset import keyset_page
from asylon.core.listing import Column, ListFilter, ListSpec, build_list, export_response
from asylon.core.middleware import set_language_cookie
from asylon.core.models import Invitation, Membership
from asylon.core.navigation import dashboard_panels_for
from asylon.core.roles import ROLE_INTRODUCTIONS, Role
from asylon.core.views.decorators import requires
from asylon.core.views.forms import flash_errors


@login_required
def dashboard(request):
    membership = request.membership
    panels = []
    for panel in dashboard_panels_for(membership):
        panels.append({"template": panel.template, "context": panel.context(request)})
    intro = ROLE_INTRODUCTIONS.get(membership.role) if membership else None
    return render(request, "core/dashboard.html", {"panels": panels, "intro": intro})


@login_required
@require_POST
def switch_organisation(request):
    try:
        membership_id = int(request.POST.get("membership", ""))
        membership = services.membership_switch(user=request.user, membership_id=membership_id)
    except (ValueError, TypeError):
        raise Http404 from None
    messages.success(request, _("You now act for %(org)s.") % {"org": membership.organisation})
    return redirect("core:dashboard")


@require_POST
def change_language(request):
    """Django's set_language, plus remembering the choice on the account."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        try:
            services.user_set_language(user=request.user, language=language)
        except ValidationError:
            pass
    nxt = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
        response["Location"] = "/"
    if settings.LANGUAGE_COOKIE_NAME in response.cookies:
        set_language_cookie(response, request, response.cookies[
            settings.LANGUAGE_COOKIE_NAME].value)
    return response


MEMBER_LIST = ListSpec(
    columns=[
        Column("name", gettext_lazy("Name"), value=lambda m: m.user.full_name,
               sort="user__full_name"),
        Column("email", gettext_lazy("E-mail address"), value=lambda m: m.user.email,
               sort="user__email", phone=False),
        Column("role", gettext_lazy("Role"), value=lambda m: m.get_role_display(), sort="role"),
        Column("status", gettext_lazy("Status"),
               value=lambda m: _("Active") if m.is_active else _("Deactivated"),
               sort="is_active"),
        Column("since", gettext_lazy("Member since"), value=lambda m: m.created_at.date(),
               sort="created_at", phone=False),
    ],
    search_fields=["user__full_name", "user__email"],
    filters={"role": "role", "active": "is_active"},
    default_sort="name",
    export_name="members",
    counted=ngettext_lazy("%(counter)s member", "%(counter)s members", "counter"),
)


@requires("core.view_members")
def members(request):
    listing = build_list(request, selectors.members_visible_to(membership=request.membership),
                         MEMBER_LIST)
    if not hasattr(listing, "page"):
        return listing
    invitations = selectors.open_invitations_for(membership=request.membership)
    return render(request, "core/members.html", {
        "listing": listing, "invitations": invitations, "filters": [
            ListFilter("role", gettext_lazy("Role"), Role.choices),
            ListFilter("active", gettext_lazy("Status"),
                       [("1", gettext_lazy("Active")), ("0", gettext_lazy("Deactivated"))])],
        "can_manage": request.membership.has("core.manage_members"),
    })


@requires("core.manage_members")
def invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_send(actor=request.membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.")
                             % {"email": form.cleaned_data["email"]})
            return redirect("core:members")
    return render(request, "core/invite.html", {"form": form})


@requires("core.manage_members")
def member_edit(request, membership_id: int):
    member = policy.access_or_404(request.membership, "core.manage_members",
                                  Membership.objects.select_related("user"), pk=membership_id)
    form = RoleForm(request.POST or None, initial={"role": member.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(actor=request.membership, membership=member,
                                            role=form.cleaned_data["role"])
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(request, _("Role changed."))
            return redirect("core:members")
    return render(request, "core/member_edit.html", {"member": member, "form": form})


@requires("core.manage_members")
def member_set_active(request, membership_id: int, active: bool):
    member = policy.access_or_404(request.membership, "core.manage_members",
                                  Membership.objects.select_related("user"), pk=membership_id)
    if request.method == "POST":
        try:
            services.membership_set_active(actor=request.membership, membership=member,
                                           active=active)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Member reactivated.") if active
                             else _("Member deactivated."))
        return redirect("core:members")
    return render(request, "core/member_confirm.html", {"member": member, "active": active})


@requires("core.manage_members")
@require_POST
def invitation_revoke(request, invitation_id: int):
    invitation = policy.access_or_404(request.membership, "core.manage_members",
                                      Invitation.objects.all(), pk=invitation_id)
    services.invitation_revoke(actor=request.membership, invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("core:members")


def invitation_accept(request, token: str):
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return render(request, "core/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as error:
                flash_errors(request, error)
                return redirect("core:dashboard")
            messages.success(request, _("You joined %(org)s.") % {"org": invitation.organisation})
            return redirect("core:dashboard")
        return render(request, "core/invitation_accept.html", {"invitation": invitation})
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation,
                                              full_name=form.cleaned_data["full_name"],
                                              password=form.cleaned_data["password1"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("core:otp_setup")
    return render(request, "core/invitation_accept.html", {"invitation": invitation,
                                                           "form": form})


AUDIT_COLUMNS = [
    Column("at", gettext_lazy("When")),
    Column("user_label", gettext_lazy("Who")),
    Column("action", gettext_lazy("Action")),
    Column("object_type", gettext_lazy("Object type")),
    Column("object_id", gettext_lazy("Object")),
    Column("fields", gettext_lazy("Fields"), value=lambda e: ", ".join(e.fields)),
    Column("ip_address", gettext_lazy("Address")),
    Column("repeats", gettext_lazy("Attempts")),
]


@requires("core.view_audit")
def audit_trail(request):
    form = AuditFilterForm(request.GET or None,
                           actions=selectors.audit_actions(membership=request.membership))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = selectors.audit_entries_visible_to(membership=request.membership, filters=filters)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return export_response(entries.iterator(chunk_size=2000), AUDIT_COLUMNS, "audit", export)
    page = keyset_page(selectors.audit_page_entries(entries), request.GET)
    objects = selectors.audit_objects(membership=request.membership, entries=page.object_list)
    for entry in page.object_list:
        entry.shown_object = objects.get((entry.object_type, entry.object_id))
    params = request.GET.copy()
    for cursor in ("page", "older_than", "newer_than"):
        params.pop(cursor, None)
    return render(request, "core/audit.html", {"form": form, "page": page,
                                               "querystring": params.urlencode(),
                                               "export_listing": {"querystring": params.urlencode()}})
