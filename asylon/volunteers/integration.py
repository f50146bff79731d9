"""What the volunteers app contributes to other domains' pages (see asylon.people.hooks)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

MANAGE = "volunteers.manage"


def person_actions(person, membership) -> list:
    """"Find a volunteer" on the person's page: opens a volunteer request for them, for
    coordinators and organisation admins. No query."""
    from asylon.people.hooks import PersonAction

    if membership is None or not membership.has(MANAGE):
        return []
    url = f"{reverse('volunteers:request_new')}?person={person.uuid}"
    return [PersonAction(label=_("Find a volunteer"), url=url, permission=MANAGE,
                         order=40)]


def task_helpers(*, organisation_id: int, person_ids, user_ids=None) -> list:
    """The volunteers who may be given a task of a case of `person_ids` (casework's
    TASK_HELPERS): only a volunteer actively matched to one of the persons, active
    (not paused or ended), not on leave today, whose role shows them the tasks assigned
    to them; the others named with the reason. Three queries."""
    from asylon.casework.selectors import Helper
    from asylon.core.roles import Role
    from asylon.volunteers.models import CasePart, Leave, Match, Stage, Volunteer

    person_ids = list(person_ids)
    matches = Match.objects.filter(organisation_id=organisation_id, status=Match.Status.ACTIVE,
                                   person_id__in=person_ids)
    volunteers = Volunteer.objects.filter(
        organisation_id=organisation_id, membership__is_active=True,
        membership__organisation_id=organisation_id, membership__role=Role.VOLUNTEER,
    ).select_related("role", "membership").order_by("full_name", "pk")
    if user_ids is None:
        if not person_ids:
            return []
        volunteers = list(volunteers.filter(pk__in=matches.values("volunteer_id")))
        matched = {v.pk for v in volunteers}
    else:
        volunteers = list(volunteers.filter(membership__user_id__in=list(user_ids)))
        matched = set(matches.filter(volunteer_id__in=[v.pk for v in volunteers])
                      .values_list("volunteer_id", flat=True)) if volunteers else set()
    if not volunteers:
        return []
    today = timezone.localdate()
    on_leave = set(Leave.objects.filter(volunteer_id__in=[v.pk for v in volunteers],
                                        starts_on__lte=today, ends_on__gte=today)
                   .values_list("volunteer_id", flat=True))
    out = []
    for volunteer in volunteers:
        name = {"name": volunteer.full_name}
        if volunteer.pk not in matched:
            refusal = _("%(name)s is not a volunteer matched to this case's client, so "
                        "they cannot be given its tasks.") % name
        elif volunteer.stage != Stage.ACTIVE:
            refusal = _("%(name)s is not an active volunteer now (paused or ended), so "
                        "they cannot be given a task.") % name
        elif volunteer.pk in on_leave:
            refusal = _("%(name)s is on leave today, so they cannot be given a task.") % name
        elif CasePart.TASKS not in (volunteer.role.visible_case_parts if volunteer.role_id
                                    else ()):
            refusal = _("The role of %(name)s does not show them their tasks, so they "
                        "cannot be given one.") % name
        else:
            refusal = ""
        note = (_("volunteer, %(role)s") % {"role": volunteer.role.name} if volunteer.role_id
                else _("volunteer"))
        out.append(Helper(user_id=volunteer.membership.user_id, note=note, refusal=refusal))
    return out
