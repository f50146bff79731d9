"""The PDF fact sheet of a publication: WeasyPrint, with SVG bar charts drawn from a small
template (one label, one bar and one value per row: WeasyPrint lays out every SVG text
with Pango, so a chart library's axes, guides and tooltips cost more than the page)."""

import base64

from django.template.loader import render_to_string
from django.utils import formats, translation

from asylon.monitoring import labels

WIDTH, ROW, BAR, LABELS, VALUES = 700, 22, 14, 230, 60


def chart_svg(chart: dict, rtl: bool) -> str:
    """A horizontal bar per row; a hidden value (None) gets no bar and a "•", so a bar
    never shows a suppressed count. Mirrored for right-to-left languages."""
    shown = [v for v in chart["values"] if v is not None]
    scale = (WIDTH - LABELS - VALUES) / max(shown) if shown and max(shown) > 0 else 0
    bars = []
    for index, (label, value) in enumerate(zip(chart["labels"], chart["values"],
                                               strict=True)):
        length = round(value * scale, 1) if value is not None else 0
        top = 4 + index * ROW
        if rtl:
            x, label_x, value_x = WIDTH - LABELS - length, WIDTH - LABELS + 6, \
                WIDTH - LABELS - length - 4
        else:
            x, label_x, value_x = LABELS, LABELS - 6, LABELS + length + 4
        bars.append({"label": label, "value": None if value is None else
                     formats.number_format(value, force_grouping=True),
                     "x": x, "y": top + (ROW - BAR) / 2, "width": length,
                     "text_y": top + ROW / 2 + 4, "label_x": label_x, "value_x": value_x})
    return render_to_string("monitoring/factsheet_chart.svg", {
        "bars": bars, "width": WIDTH, "height": 8 + ROW * max(1, len(bars)),
        "bar_height": BAR, "label_anchor": "start" if rtl else "end",
        "value_anchor": "end" if rtl else "start"})


def render_html(publication, language: str) -> str:
    """The fact sheet's page as WeasyPrint reads it (charts inline as data URIs)."""
    with translation.override(language):
        tables = labels.rendered(publication)
        rtl = translation.get_language_bidi()
        for table in tables:
            table["svg"] = "data:image/svg+xml;base64," + base64.b64encode(
                chart_svg(table["chart"], rtl).encode()).decode()
        return render_to_string("monitoring/factsheet.html", {
            "publication": publication, "tables": tables, "rtl": rtl,
            "headline": publication.tables.get("headline", {}), "language": language})


def render_pdf(publication, language: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(publication, language)).write_pdf()
