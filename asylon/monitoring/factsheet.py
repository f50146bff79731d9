"""The PDF fact sheet of a publication: WeasyPrint, with SVG charts drawn by pygal."""

import base64

from django.template.loader import render_to_string
from django.utils import translation

from asylon.monitoring import labels


def _chart_svg(chart: dict, rtl: bool) -> str:
    import pygal
    from pygal.style import Style

    style = Style(background="white", plot_background="white", foreground="#212529",
                  foreground_strong="#212529", foreground_subtle="#6c757d",
                  colors=("#0d6efd",), font_family="DejaVu Sans, sans-serif",
                  label_font_size=11, major_label_font_size=11, value_font_size=10)
    # Hidden values are left out of the bars (None): a bar never shows a suppressed count.
    bar = pygal.HorizontalBar(style=style, show_legend=False, width=700,
                              height=60 + 26 * max(1, len(chart["labels"])),
                              js=[], css=[], disable_xml_declaration=True,
                              print_values=True, show_x_guides=False,
                              tooltip_fancy_mode=False,
                              show_y_guides=False, margin=8, inverse_y_axis=not rtl)
    bar.x_labels = chart["labels"]
    bar.add("", [v for v in chart["values"]])
    return bar.render(is_unicode=True)


def render_pdf(publication, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        tables = labels.rendered(publication)
        rtl = translation.get_language_bidi()
        for table in tables:
            svg = _chart_svg(table["chart"], rtl)
            table["svg"] = "data:image/svg+xml;base64," + base64.b64encode(
                svg.encode()).decode()
        html = render_to_string("monitoring/factsheet.html", {
            "publication": publication, "tables": tables, "rtl": rtl,
            "headline": publication.tables.get("headline", {}), "language": language})
    return HTML(string=html).write_pdf()
