"""Offline capture: the page, its service worker and the idempotent sync endpoint."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from asylon.core.views.decorators import requires
from asylon.monitoring import forms, services

CACHE_VERSION = "monitoring-capture-v1"


@requires("monitoring.record")
def capture(request):
    return render(request, "monitoring/capture.html", {"form": forms.IncidentForm()})


def service_worker(request):
    """Served from /monitoring/ so that its scope is /monitoring/ (a worker under /static/
    could only control /static/)."""
    assets = [reverse("monitoring:capture")] + [static(p) for p in (
        "vendor/bootstrap/css/bootstrap.min.css", "vendor/bootstrap/css/bootstrap.rtl.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js", "vendor/htmx/htmx.min.js",
        "asylon/asylon.css", "asylon/asylon.js", "asylon/favicon.svg",
        "vendor/idb/umd.js", "monitoring/capture.js", "monitoring/monitoring.css")]
    body = render_to_string("monitoring/sw.js", {"assets": json.dumps(assets),
                                                 "cache": CACHE_VERSION,
                                                 "capture": reverse("monitoring:capture")})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("monitoring:capture").rsplit("capture/", 1)[0]
    response["Cache-Control"] = "no-cache"
    return response


def _server_copy(incident) -> dict:
    data = forms.IncidentForm.initial_from(incident)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else
                (str(v) if v is not None and not isinstance(v, (list, int, str)) else v))
            for k, v in data.items()}


@never_cache
@require_POST
@requires("monitoring.record")
def sync(request):
    try:
        if request.content_type != "application/json":
            raise ValueError
        body = json.loads(request.body or b"{}")
        record_id = body["uuid"]
        base = int(body.get("base_version", 0))
        data = body["data"]
        if not isinstance(data, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"outcome": "invalid", "errors": {"__all__": ["bad request"]}},
                            status=400)
    try:
        result = services.incident_sync(actor=request.membership, uuid=record_id,
                                        base_version=base, data=data)
    except PermissionDenied:
        raise
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {
            "__all__": error.messages}
        return JsonResponse({"outcome": "invalid", "errors": errors}, status=400)
    incident = result.incident
    payload = {"outcome": result.outcome, "version": incident.version,
               "reference": incident.reference,
               "url": reverse("monitoring:incident", args=[incident.uuid])}
    if result.outcome == "conflict":
        payload["server"] = _server_copy(incident)
        return JsonResponse(payload, status=409)
    return JsonResponse(payload, status=201 if result.outcome == "created" else 200)
