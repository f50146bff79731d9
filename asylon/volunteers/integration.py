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


def task_helpers(*, organisation_id: int, person_ids, user_ids=None, part="tasks",
                 on=None) -> list:
    """The volunteers who may be given a task of a case of `person_ids`, or attend one of
    its appointments on the day `on` (`part`; casework's TASK_HELPERS): only a volunteer
    actively matched to one of the persons, active (not paused or ended), not on leave
    that day (today for a task), whose role shows them the tasks assigned to them (the
    client's appointments); the others named with the reason. Each helper's `url` is the
    client's page of their own view, where the task or appointment shows. Three queries."""
    from asylon.casework.selectors import Helper
    from asylon.core.roles import Role
    from asylon.volunteers.models import CasePart, Leave, Match, Stage, Volunteer

    person_ids = list(person_ids)
    matches = Match.objects.filter(organisation_id=organisation_id, status=Match.Status.ACTIVE,
                                   person_id__in=person_ids).order_by("started_on", "pk")
    volunteers = Volunteer.objects.filter(
        organisation_id=organisation_id, membership__is_active=True,
        membership__organisation_id=organisation_id, membership__role=Role.VOLUNTEER,
    ).select_related("role", "membership").order_by("full_name", "pk")
    if user_ids is None:
        if not person_ids:
            return []
        match_of = {}
        for volunteer_id, uuid in matches.values_list("volunteer_id", "uuid"):
            match_of.setdefault(volunteer_id, uuid)
        volunteers = list(volunteers.filter(pk__in=list(match_of))) if match_of else []
    else:
        volunteers = list(volunteers.filter(membership__user_id__in=list(user_ids)))
        match_of = {}
        if volunteers:
            for volunteer_id, uuid in matches.filter(
                    volunteer_id__in=[v.pk for v in volunteers]).values_list("volunteer_id",
                                                                            "uuid"):
                match_of.setdefault(volunteer_id, uuid)
    if not volunteers:
        return []
    day = on or timezone.localdate()
    on_leave = set(Leave.objects.filter(volunteer_id__in=[v.pk for v in volunteers],
                                        starts_on__lte=day, ends_on__gte=day)
                   .values_list("volunteer_id", flat=True))
    attend = part == "appointments"
    out = []
    for volunteer in volunteers:
        name = {"name": volunteer.full_name}
        shows = volunteer.role.visible_case_parts if volunteer.role_id else ()
        if volunteer.pk not in match_of:
            refusal = (_("%(name)s is not a volunteer matched to this case's client, so "
                         "they cannot attend its appointments.") if attend else
                       _("%(name)s is not a volunteer matched to this case's client, so "
                         "they cannot be given its tasks.")) % name
        elif volunteer.stage != Stage.ACTIVE:
            refusal = (_("%(name)s is not an active volunteer now (paused or ended), so "
                         "they cannot attend an appointment.") if attend else
                       _("%(name)s is not an active volunteer now (paused or ended), so "
                         "they cannot be given a task.")) % name
        elif volunteer.pk in on_leave:
            refusal = (_("%(name)s is on leave that day, so they cannot attend.") if attend
                       else _("%(name)s is on leave today, so they cannot be given a "
                              "task.")) % name
        elif attend and CasePart.APPOINTMENTS not in shows:
            refusal = _("The role of %(name)s does not show them their client's "
                        "appointments, so they cannot attend one.") % name
        elif not attend and CasePart.TASKS not in shows:
            refusal = _("The role of %(name)s does not show them their tasks, so they "
                        "cannot be given one.") % name
        else:
            refusal = ""
        note = (_("volunteer, %(role)s") % {"role": volunteer.role.name} if volunteer.role_id
                else _("volunteer"))
        url = (reverse("volunteers:my_client", args=[match_of[volunteer.pk]]) + "#h-coming"
               if volunteer.pk in match_of else "")
        out.append(Helper(user_id=volunteer.membership.user_id, note=note, refusal=refusal,
                          url=url))
    return out
