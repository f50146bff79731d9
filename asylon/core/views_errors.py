"""Translated error pages, rendered with the base layout where the request allows."""

from django.shortcuts import render


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No context processors: whatever broke the request may break them too.
    from django.http import HttpResponseServerError
    from django.template import loader
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
