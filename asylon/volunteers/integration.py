"""What the volunteers app contributes to other domains' pages (see asylon.people.hooks)."""

from django.urls import reverse
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
