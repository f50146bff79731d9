"""Group information sessions: topic, date, place, language, who came."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asylon.casework import selectors, services
from asylon.casework.forms import GroupSessionForm
from asylon.casework.views.cases import _uuid
from asylon.core.forms import apply_errors
from asylon.core.listing import Column, ListSpec, build_list
from asylon.core.views.decorators import requires
from asylon.core.views.forms import form_view

PERMISSION = "casework.manage_sessions"

SESSIONS = ListSpec(
    columns=[
        Column("date", gettext_lazy("Date"), sort="date"),
        Column("topic", gettext_lazy("Topic"), sort="topic"),
        Column("place", gettext_lazy("Place"), sort="place", phone=False),
        Column("language", gettext_lazy("Language"), sort="language", phone=False),
        Column("attendance", gettext_lazy("Attendees"),
               value=lambda s: s.known_count + s.anonymous_count),
    ],
    search_fields=["topic", "place"],
    default_sort="-date",
    export_name="group-sessions",
)


@requires(PERMISSION)
def sessions(request):
    listing = build_list(request, selectors.sessions_visible_to(membership=request.membership),
                         SESSIONS)
    if not hasattr(listing, "page"):
        return listing
    return render(request, "casework/sessions.html", {"listing": listing})


def _save(request, form, session=None):
    data = form.cleaned_data
    attendees = list(session.attendees.all()) if session else []
    return services.group_session_save(actor=request.membership, session=session,
                                       attendees=attendees, **data)


@requires(PERMISSION)
def session_new(request):
    return form_view(
        request, GroupSessionForm(request.POST or None), title=_("New group session"),
        save=lambda data: services.group_session_save(
            actor=request.membership, session=None, attendees=[], **data),
        success_url=lambda session: reverse("casework:session", args=[session.uuid]),
        success_message=_("Group session saved."), cancel_url=reverse("casework:sessions"))


@requires(PERMISSION)
def session_detail(request, session_uuid):
    from asylon.people import selectors as people
    session = selectors.session_access_or_404(membership=request.membership, uuid=session_uuid)
    form = GroupSessionForm(request.POST or None, initial={
        "topic": session.topic, "date": session.date, "place": session.place,
        "language": session.language, "interpreter": session.interpreter,
        "anonymous_count": session.anonymous_count})
    if request.method == "POST":
        action = request.POST.get("action", "save")
        attendees = list(session.attendees.all())
        if action in ("add", "remove"):
            person = people.person_access_or_404(membership=request.membership,
                                                 uuid=_uuid(request.POST.get("person")))
            attendees = ([*attendees, person] if action == "add"
                         else [p for p in attendees if p.pk != person.pk])
            services.group_session_save(
                actor=request.membership, session=session, attendees=attendees,
                topic=session.topic, date=session.date, place=session.place,
                language=session.language, interpreter=session.interpreter,
                anonymous_count=session.anonymous_count)
            messages.success(request, _("Attendees updated."))
            return redirect("casework:session", session.uuid)
        if action == "save" and form.is_valid():
            try:
                _save(request, form, session)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Group session saved."))
                return redirect("casework:session", session.uuid)
        elif action not in ("save",):
            raise Http404
    query = request.GET.get("q", "").strip()[:100]
    found = list(people.persons_search(membership=request.membership, query=query,
                                       limit=10)) if query else []
    return render(request, "casework/session_detail.html",
                  {"session": session, "form": form, "query": query, "found": found,
                   "attendees": list(session.attendees.all())})
