"""Public newsletter pages: sign-up, confirmation, preference centre, one-click unsubscribe.

None needs an account; the preference centre and unsubscribe are reached through signed
links from the messages themselves.
"""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from asylon.core.forms import apply_errors
from asylon.engagement import selectors
from asylon.engagement.forms import PreferencesForm, SignUpForm
from asylon.engagement.services import lists as services


def signup(request, uuid):
    mailing_list = selectors.public_list(uuid=uuid)
    if mailing_list is None:
        raise Http404
    form = SignUpForm(request.POST or None, consent_text=mailing_list.consent_text,
                      initial={"language": mailing_list.language or get_language()})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return render(request, "engagement/public/check_email.html", {"list": mailing_list})
        try:
            services.subscribe(mailing_list=mailing_list, email=form.cleaned_data["email"],
                               name=form.cleaned_data["name"],
                               language=form.cleaned_data["language"],
                               consent=form.cleaned_data["consent"],
                               source=f"sign-up form {request.path}")
        except ValidationError as error:
            apply_errors(form, error)
        else:
            # The same answer whether or not the address was known.
            return render(request, "engagement/public/check_email.html", {"list": mailing_list})
    return render(request, "engagement/public/signup.html", {"list": mailing_list, "form": form},
                  status=400 if form.errors else 200)


def confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links never confirm."""
    if request.method == "POST":
        try:
            result = services.subscription_confirm(token=token)
        except ValidationError as error:
            return render(request, "engagement/public/confirm_failed.html",
                          {"message": " ".join(error.messages)}, status=400)
        subscriber = result.subscription.subscriber
        return render(request, "engagement/public/confirmed.html", {
            "result": result, "list": result.subscription.mailing_list,
            "preferences_token": services.preferences_token(subscriber)})
    return render(request, "engagement/public/confirm.html", {"token": token})


def _subscriber_or_404(token):
    subscriber = services.subscriber_from_token(token)
    if subscriber is None:
        raise Http404
    return subscriber


def preferences(request, token):
    subscriber = _subscriber_or_404(token)
    lists = list(selectors.preference_lists(subscriber=subscriber))
    current = [str(s.mailing_list_id) for s in subscriber.subscriptions.all()
               if s.status == "confirmed"]
    form = PreferencesForm(request.POST or None, lists=lists,
                           initial={"name": subscriber.name, "language": subscriber.language,
                                    "lists": current})
    if request.method == "POST" and form.is_valid():
        services.preferences_update(subscriber=subscriber,
                                    list_ids=[int(v) for v in form.cleaned_data["lists"]],
                                    name=form.cleaned_data["name"],
                                    language=form.cleaned_data["language"],
                                    source="preference centre")
        messages.success(request, _("Your preferences are saved."))
        return redirect("engagement:public_preferences", token)
    return render(request, "engagement/public/preferences.html", {
        "subscriber": subscriber, "form": form, "token": token,
        "unsubscribe_token": services.unsubscribe_token(subscriber, None)})


def preferences_export(request, token):
    subscriber = _subscriber_or_404(token)
    data = services.subscriber_export(subscriber=subscriber)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-newsletter-data.json"'
    return response


def preferences_erase(request, token):
    subscriber = _subscriber_or_404(token)
    if request.method == "POST":
        services.subscriber_erase(subscriber=subscriber)
        return render(request, "engagement/public/erased.html")
    return render(request, "engagement/public/erase_confirm.html", {"token": token})


@csrf_exempt
def unsubscribe(request, token):
    """RFC 8058 one-click: a POST (from the mail program, or the button) unsubscribes at
    once. GET only shows the button, so link checkers cannot unsubscribe anyone."""
    if request.method == "POST":
        try:
            subscriber = services.unsubscribe(token=token)
        except ValidationError as error:
            return render(request, "engagement/public/unsubscribed.html",
                          {"message": " ".join(error.messages)})
        return render(request, "engagement/public/unsubscribed.html", {
            "preferences_token": services.preferences_token(subscriber)})
    return render(request, "engagement/public/unsubscribe.html", {"token": token})
