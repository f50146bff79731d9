"""The charts page of engagement: subscribers, mailings and gifts over the last year.
Each chart has its table underneath (the same figures, for a screen reader, a printout,
or a browser without JavaScript)."""

from decimal import Decimal

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from asylon.core.templatetags.asylon import money
from asylon.core.views.decorators import requires
from asylon.engagement import selectors

_LOCALES = {"en": "en_GB", "nl": "nl", "ar": "ar"}


def _month_label(day) -> str:
    from babel.dates import format_skeleton
    language = (get_language() or "en").split("-")[0]
    return format_skeleton("yMMM", day, locale=_LOCALES.get(language, "en_GB"))


def _percent(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 0.0


def _chart(key, title, kind, labels, series, headers, rows, *, horizontal=False, unit=""):
    return {"key": key, "data_id": f"chart-data-{key}", "title": title, "headers": headers, "rows": rows,
            "data": {"type": kind, "labels": labels, "horizontal": horizontal, "unit": unit,
                     "series": [{"label": label, "values": values} for label, values in series]}}


@requires("engagement.view_subscriber")
def charts(request):
    figures = selectors.engagement_figures(membership=request.membership)
    months = [_month_label(m) for m in figures["months"]]
    charts = [
        _chart("subscribers", _("Subscribers at the end of each month"), "line", months,
               [(_("Subscribed"), figures["subscribed"])],
               [_("Month"), _("Subscribed")], list(zip(months, figures["subscribed"], strict=True))),
        _chart("optins", _("Confirmed sign-ups and unsubscribes per month"), "bar", months,
               [(_("Confirmed sign-ups"), figures["joined"]), (_("Unsubscribes"), figures["left"])],
               [_("Month"), _("Confirmed sign-ups"), _("Unsubscribes")],
               list(zip(months, figures["joined"], figures["left"], strict=True))),
    ]
    if figures["mailings"]:
        mailings = figures["mailings"]
        names = [m["name"] for m in mailings]
        charts.append(_chart(
            "mailings", _("Opens and bounces of the last mailings (share of messages sent)"),
            "bar", names,
            [(_("Opened (%)"), [_percent(m["opened"], m["sent"]) for m in mailings]),
             (_("Bounced (%)"), [_percent(m["bounced"], m["sent"]) for m in mailings]),
             (_("Unsubscribed (%)"), [_percent(m["unsubscribed"], m["sent"]) for m in mailings])],
            [_("Mailing"), _("Sent"), _("Opened"), _("Bounced"), _("Unsubscribed")],
            [(m["name"], m["sent"], f'{m["opened"]} ({_percent(m["opened"], m["sent"])} %)',
              f'{m["bounced"]} ({_percent(m["bounced"], m["sent"])} %)',
              f'{m["unsubscribed"]} ({_percent(m["unsubscribed"], m["sent"])} %)')
             for m in mailings], unit="%"))
    if figures["gifts_amount"] is not None:
        amounts = [float(a or 0) for a in figures["gifts_amount"]]
        charts.append(_chart(
            "gifts", _("Gifts received per month (EUR)"), "bar", months,
            [(_("Amount (EUR)"), amounts)], [_("Month"), _("Gifts"), _("Amount (EUR)")],
            [(m, n, money(a or Decimal("0"))) for m, n, a in
             zip(months, figures["gifts_count"], figures["gifts_amount"], strict=True)]))
        campaigns = [(name or _("No campaign"), total, n) for name, total, n in figures["campaigns"]]
        if campaigns:
            charts.append(_chart(
                "campaigns", _("Gifts per campaign over the last twelve months (EUR)"), "bar",
                [c[0] for c in campaigns], [(_("Amount (EUR)"), [float(c[1]) for c in campaigns])],
                [_("Campaign"), _("Gifts"), _("Amount (EUR)")],
                [(name, n, money(total)) for name, total, n in campaigns], horizontal=True))
    return render(request, "engagement/charts.html", {"charts": charts})
