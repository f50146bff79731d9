"""Every POST form carries the one-time token (core.idempotency), or says here why a
repeat of it is harmless (issue 11, item 11).

The scan reads every template of every app, finds each `<form method="post">` and looks
for `{% once_token %}` inside it, or in a template the form includes (the kit's form
page, a shared fields include). A new form without the token fails this test until it
gets the token or an entry below with its reason.
"""

import re
from pathlib import Path

from django.apps import apps
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

FORM = re.compile(r"<form\b(?P<tag>[^>]*)>(?P<body>.*?)</form>", re.IGNORECASE | re.DOTALL)
POST = re.compile(r"""method\s*=\s*["']post["']""", re.IGNORECASE)
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")

# (template, a piece of the form's opening tag; "" for every POST form of the template):
# why sending it twice does no harm, so it needs no token.
HARMLESS = {
    ("core/templates/base.html", "switch_organisation"):
        "sets the acting organisation; a repeat sets the same one",
    ("core/templates/base.html", "logout"): "signing out twice signs out",
    ("core/templates/base.html", "set_language"): "sets a preference to the same value",
    ("core/templates/core/auth/login.html", ""):
        "a sign-in creates nothing; attempts are counted by the lockout",
    ("core/templates/core/auth/otp_verify.html", ""):
        "django-otp accepts a code once; a repeat is refused, nothing is created",
    ("core/templates/core/auth/otp_setup.html", ""):
        "confirms the one device being set up; a repeat finds it confirmed",
    ("core/templates/core/auth/password_change.html", ""):
        "after the first post the old password no longer matches; nothing is created",
    ("core/templates/core/auth/password_reset.html", ""):
        "creates no row; a second mail holds a link as good as the first (rate-limited)",
    ("core/templates/core/auth/password_reset_confirm.html", ""):
        "the reset link is single-use: a repeat is refused",
    ("core/templates/core/auth/account.html", "recovery_codes"):
        "replaces the recovery codes and shows them (no redirect to replay): the page "
        "always shows the set that is valid",
    ("core/templates/core/includes/list_search.html", ""):
        "a search term held in the session (held_search); nothing is written",
    ("casework/templates/casework/caseload.html", 'role="search"'):
        "a search term held in the session; nothing is written",
    ("casework/templates/casework/case_choose_subject.html", 'role="search"'):
        "a search term held in the session; nothing is written",
    ("people/templates/people/person_merge_choose.html", 'role="search"'):
        "a search term held in the session; nothing is written",
    ("people/templates/people/household_detail.html", 'role="search"'):
        "a search term held in the session; nothing is written",
    ("casework/templates/casework/session_detail.html", 'role="search"'):
        "a search term held in the session; nothing is written",
    # Edits that set values: a repeat writes the same values, and a correction sent again
    # from a page reopened with the back button must be saved, not answered "sent twice".
    ("resettlement/templates/resettlement/interest.html", "interest_step"):
        "a step of the offer form saves its answers over the previous ones",
    ("resettlement/templates/resettlement/offer_detail.html", "offer_capacity"):
        "replaces the offer's capacity rows with the ones sent",
    ("resettlement/templates/resettlement/period_detail.html", "resettlement:housed"):
        "sets a municipality's housed count",
    ("resettlement/templates/resettlement/includes/milestones.html", "resettlement:milestone"):
        "sets a milestone's status and note",
    ("resettlement/templates/resettlement/placed_detail.html", "resettlement:evaluate"):
        "sets the guidance plan's evaluation",
    ("volunteers/templates/volunteers/mine/availability.html", "novalidate"):
        "sets the volunteer's own weekly availability",
    ("engagement/templates/engagement/public/preferences.html", "preferences-form"):
        "sets a subscriber's lists and language",
    # Public pages reached by a link's own token: each moves one thing to a state, and a
    # repeat finds it there (confirmed, unsubscribed, cancelled, erased, accepted).
    ("engagement/templates/engagement/public/preferences.html", "public_unsubscribe"):
        "unsubscribing twice leaves the address unsubscribed",
    ("engagement/templates/engagement/public/unsubscribe.html", ""):
        "unsubscribing twice leaves the address unsubscribed",
    ("engagement/templates/engagement/public/confirm.html", ""):
        "confirming a subscription twice leaves it confirmed",
    ("engagement/templates/engagement/public/cancel.html", ""):
        "cancelling a registration twice leaves it cancelled",
    ("engagement/templates/engagement/public/erase_confirm.html", ""):
        "erasing twice finds nothing left to erase",
    ("engagement/templates/engagement/public/registration.html", "public_registration_accept"):
        "accepting a waiting-list place twice leaves it accepted",
    ("monitoring/templates/monitoring/capture.html", "capture-form"):
        "the offline queue sends many records from one open page, and retries them; the "
        "server refuses a record it has already (by the record's sync hash)",
    ("engagement/templates/engagement/events/scan.html", "checkin-form"):
        "htmx posts every scanned ticket from one open page; checking in twice is a no-op "
        "(only a registration not yet checked in is updated)",
    ("engagement/templates/engagement/events/checkin_row_button.html", ""):
        "htmx check-in of one row: a state, a repeat finds it checked in",
    ("volunteers/templates/volunteers/includes/board.html", "hx-post"):
        "htmx move on the board that stays open: moving to the same stage again is a no-op",
    ("volunteers/templates/volunteers/includes/hours_row.html", "hx-post"):
        "htmx approve/return of one entry: a repeat leaves it in the state chosen",
}


def _templates():
    for config in apps.get_app_configs():
        if not config.name.startswith("asylon."):
            continue
        root = Path(config.path)
        for path in sorted((root / "templates").rglob("*.html")):
            yield f"{config.label}/{path.relative_to(root)}", path.read_text()


def _included_sources(body: str) -> str:
    sources = []
    for name in INCLUDE.findall(body):
        try:
            sources.append(get_template(name).template.source)
        except TemplateDoesNotExist:
            continue
    return "\n".join(sources)


def _post_forms():
    for name, source in _templates():
        for match in FORM.finditer(source):
            if POST.search(match.group("tag")):
                yield name, match.group("tag"), match.group("body")


def _harmless(name: str, tag: str) -> bool:
    return any(template == name and piece in tag for template, piece in HARMLESS)


def test_the_scan_finds_the_forms():
    forms = list(_post_forms())
    assert len(forms) > 100
    assert any(name == "core/templates/base.html" for name, _tag, _body in forms)


def test_every_post_form_carries_a_one_time_token():
    missing = []
    for name, tag, body in _post_forms():
        if "once_token" in body or "once_token" in _included_sources(body):
            continue
        if not _harmless(name, tag):
            missing.append(f"{name}: <form{tag[:90]}>")
    assert not missing, ("POST forms without {% once_token %} (add it, or add the form to "
                         "HARMLESS with the reason a repeat does no harm):\n"
                         + "\n".join(missing))


def test_every_harmless_entry_names_a_form_that_exists():
    forms = list(_post_forms())
    stale = [key for key in HARMLESS
             if not any(name == key[0] and key[1] in tag for name, tag, _body in forms)]
    assert not stale, stale
