"""The public application form: no account needed."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from asylon.core.forms import apply_errors
from asylon.volunteers import forms, services
from asylon.volunteers.models import Location
from asylon.volunteers.views.common import by_uuid


@require_http_methods(["GET", "POST"])
def apply(request, location_uuid):
    location = get_object_or_404(Location, uuid=location_uuid, accepts_applications=True)
    locations = list(Location.objects.filter(organisation_id=location.organisation_id,
                                             accepts_applications=True))
    form = forms.ApplicationForm(request.POST or None, locations=locations,
                                 initial={"location": str(location.uuid)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:  # the honeypot: a person leaves it empty
            return redirect("volunteers:applied")
        try:
            services.application_submit(
                location=by_uuid(locations, data["location"]), full_name=data["full_name"],
                email=data["email"], phone=data["phone"], languages=data["languages"],
                skills=data["skills"], availability=data["availability"],
                motivation=data["motivation"], max_travel_km=data["max_travel_km"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("volunteers:applied")
    return render(request, "volunteers/apply.html", {"form": form, "location": location,
                                                     "organisation": location.organisation},
                  status=400 if form.errors else 200)


def applied(request):
    return render(request, "volunteers/applied.html")
