"""The role x organisation x view permission matrix, shared by every app.

Each app lists its protected views in `<app>/tests/matrix.py` as `VIEWS`; the core test
`test_permission_matrix.py` asks, for every view, every role, and an object of the
actor's own or another organisation: may they, and does the answer leak anything?

- a role not in `allowed` gets 403 (before any lookup, so it says nothing about objects);
- an allowed role gets `ok_status` for its own organisation's object;
- an allowed role gets 404 for another organisation's object (exactly as if it did not
  exist), or, for list pages (`object_scoped=False`), the page without that object's
  marker text;
- on its own organisation's page, an allowed role sees every value of `shown` and none
  of `hidden`: what a need-to-know view shows of an object it may open (the fields a
  volunteer's role permits and those it excludes, planted in the object by `build`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from asylon.core.roles import Role


@dataclass(frozen=True)
class Target:
    url: str
    marker: str | None = None  # text that must not appear when the object is another org's
    data: dict | None = None
    # Own side, allowed role: values the page must show, and values it must not.
    shown: tuple = ()
    hidden: tuple = ()


@dataclass(frozen=True)
class ProtectedView:
    name: str
    # build(organisation, actor_membership) -> Target: creates the object owned by
    # `organisation` and returns where to send the request.
    build: Callable
    allowed: frozenset
    method: str = "get"
    ok_status: tuple = (200,)
    object_scoped: bool = True


ALL_ROLES = frozenset(Role.values)


def roles(*names) -> frozenset:
    return frozenset(str(n) for n in names)


# Core's own protected views ------------------------------------------------------------

def _member_of(organisation):
    from asylon.core.tests.factories import MembershipFactory, UserFactory
    return MembershipFactory(organisation=organisation, role=Role.CASEWORKER,
                             user=UserFactory(full_name="Marker Colleague Zq"))


def _audited(organisation, actor):
    from asylon.core import audit
    audit.record(actor=None, action="marker_action_zq", object_type="people.person",
                 object_id="1", organisation_id=organisation.pk)
    return Target("/organisation/audit/", marker="marker_action_zq")


def _export_job(organisation, actor, *, download=False):
    """A finished export of the actor's own (their organisation) or of a member of
    `organisation`: nobody but its owner may see it."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from asylon.core.models import ExportJob, ExportStatus
    owner = actor if actor.organisation_id == organisation.pk else _member_of(organisation)
    job = ExportJob.objects.create(
        organisation=organisation, membership=owner, name="members", fmt="csv",
        spec_ref="asylon.core.views.organisation:MEMBER_LIST", model_label="core.Membership",
        query=b"", query_signature="", language="en", status=ExportStatus.DONE, total=1,
        expires_at=timezone.now() + datetime.timedelta(hours=1))
    # Sealed as the worker seals it, so a download that is read to the end decrypts.
    import io

    from asylon.core.exports import _seal
    sealed = io.BytesIO()
    _seal(io.BytesIO(b"Name\nMarker Export Zq\n"), sealed)
    job.file.save("members.csv", ContentFile(sealed.getvalue()))
    return Target(f"/exports/{job.uuid}/" + ("download/" if download else ""))


VIEWS = [
    ProtectedView("members", lambda org, actor: Target("/organisation/members/",
                                                       marker=_member_of(org).user.full_name),
                  roles(Role.ORG_ADMIN, Role.COORDINATOR), object_scoped=False),
    ProtectedView("members-export", lambda org, actor: Target(
        "/organisation/members/?export=csv", marker=_member_of(org).user.full_name),
        roles(Role.ORG_ADMIN, Role.COORDINATOR), object_scoped=False),
    ProtectedView("member-edit", lambda org, actor: Target(
        f"/organisation/members/{_member_of(org).pk}/"), roles(Role.ORG_ADMIN)),
    ProtectedView("member-deactivate", lambda org, actor: Target(
        f"/organisation/members/{_member_of(org).pk}/deactivate/"), roles(Role.ORG_ADMIN)),
    ProtectedView("member-deactivate-post", lambda org, actor: Target(
        f"/organisation/members/{_member_of(org).pk}/deactivate/", data={}),
        roles(Role.ORG_ADMIN), method="post", ok_status=(302,)),
    ProtectedView("invite", lambda org, actor: Target("/organisation/members/invite/"),
                  roles(Role.ORG_ADMIN), object_scoped=False),
    ProtectedView("audit", _audited, roles(Role.ORG_ADMIN), object_scoped=False),
    ProtectedView("export-job", _export_job, ALL_ROLES),
    ProtectedView("export-job-download", lambda org, actor: _export_job(org, actor, download=True),
                  ALL_ROLES),
]
