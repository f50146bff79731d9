"""Organisations that registered themselves through the grant portal before the role
'grant applicant' existed got an organisation admin, which opens casework, people and the
audit trail to them (issue 12). Their members become grant applicants, as a registration
today makes them.

An organisation registered itself when the account of its first member was created by
that member (not through an invitation) into an organisation the system created, before
anyone else joined it: the trail of `grants.services.partner_register`. An organisation
whose trail shows work outside the grant fund (people, cases, volunteers...) kept its
roles, since someone may rely on them; it is listed so its admin can decide. Every role
changed is written to the audit trail, as a change by the system.
"""

from django.db import migrations, transaction
from django.utils import timezone

# The roles a registration may have led to: the admin it created, and colleagues that
# admin invited to prepare the application.
APPLYING_ROLES = ("org_admin", "coordinator", "caseworker")
GRANT_APPLICANT = "grant_applicant"


def _self_registered(AuditEntry, Invitation, Membership):
    """(organisation id, the registering user's id) of every self-registration."""
    found = []
    for org_id, org_entry_id in AuditEntry.objects.filter(
            action="create", object_type="core.organisation", user_id=None).values_list(
            "object_id", "id"):
        try:
            org_id = int(org_id)
        except ValueError:
            continue
        first_member = AuditEntry.objects.filter(
            organisation_id=org_id, object_type="core.membership", id__gt=org_entry_id,
        ).order_by("id").first()
        if first_member is None or first_member.user_id is None:
            continue
        user_id = first_member.user_id
        created_self = AuditEntry.objects.filter(
            action="create", object_type="core.user", object_id=str(user_id), user_id=user_id,
            organisation_id=org_id, id__gt=org_entry_id, id__lt=first_member.id).exists()
        membership = Membership.objects.filter(organisation_id=org_id, user_id=user_id).first()
        if not created_self or membership is None:
            continue
        invited = Invitation.objects.filter(organisation_id=org_id,
                                            email__iexact=membership.user.email,
                                            accepted_at__isnull=False).exists()
        if not invited:
            found.append((org_id, user_id))
    return found


def _did_other_work(AuditEntry, org_id) -> bool:
    return AuditEntry.objects.filter(organisation_id=org_id).exclude(
        object_type__startswith="core.").exclude(object_type__startswith="grants.").exists()


def _audit_change(AuditEntry, membership) -> None:
    from asylon.core import audit
    with transaction.atomic():
        audit._lock_chain()
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(at=timezone.now(), user_id=None, user_label="",
                           organisation_id=membership.organisation_id, action="change",
                           object_type="core.membership", object_id=str(membership.pk),
                           fields=["role"], ip_address=None,
                           prev_hash=last or audit.GENESIS, repeats=1)
        entry.hash = audit._digest(entry)
        entry.save()


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    Invitation = apps.get_model("core", "Invitation")
    Membership = apps.get_model("core", "Membership")
    Organisation = apps.get_model("core", "Organisation")
    changed, kept = [], []
    for org_id, _user_id in _self_registered(AuditEntry, Invitation, Membership):
        if _did_other_work(AuditEntry, org_id):
            kept.append(org_id)
            continue
        count = 0
        for membership in Membership.objects.filter(organisation_id=org_id,
                                                    role__in=APPLYING_ROLES):
            membership.role = GRANT_APPLICANT
            membership.save(update_fields=["role"])
            _audit_change(AuditEntry, membership)
            count += 1
        if count:
            changed.append((org_id, count))
    names = dict(Organisation.objects.filter(
        pk__in=[o for o, _ in changed] + kept).values_list("pk", "name"))
    for org_id, count in changed:
        print(f"\n  organisation {org_id} ({names.get(org_id, '')}): {count} member(s) "
              f"now grant applicant")
    for org_id in kept:
        print(f"\n  organisation {org_id} ({names.get(org_id, '')}): registered through "
              f"the grant portal but works outside the fund; roles kept, review them")


class Migration(migrations.Migration):

    dependencies = [("core", "0005_export_file_chunks")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

