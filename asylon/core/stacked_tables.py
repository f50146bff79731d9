"""Tables that read as one card per row on a phone.

`stack_table(html)` takes a rendered `<table>` and returns it marked for the
`.table-stack` rules in asylon.css: the table gets the class, every body and footer
cell gets `data-label` with the text of its column header (already translated, as the
header is), and the header row says which headers sort the list. Below Bootstrap's `md`
breakpoint the CSS shows each row as a card and each label before its value; at `md`
and wider the table is unchanged. A header marked `data-phone="hide"` (a ListSpec
column with `phone=False`) leaves its column out of the phone's cards: a card shows the
few fields that matter on that list, not every column.

Done on the rendered HTML rather than cell by cell in the templates, so a column added
to a list can never lose its label, and a template marks a table with one tag.
"""

import re
from html import escape
from html.parser import HTMLParser

from django.utils.translation import gettext

_SORT_ARROWS = "▲▼"
_CLASS_ATTR = re.compile(r"""(?<=\s)class\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def stack_table(html: str) -> str:
    parser = _TableParser(html)
    parser.feed(html)
    parser.close()
    out, last = [], 0
    for offset, length, replacement in sorted(parser.edits):
        out.append(html[last:offset])
        out.append(replacement)
        last = offset + length
    out.append(html[last:])
    return "".join(out)


def _with_attribute(tag: str, name: str, value: str) -> str:
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    return f'{tag[:end].rstrip()} {name}="{escape(value)}"{tag[end:]}'


def _with_class(tag: str, name: str) -> str:
    match = _CLASS_ATTR.search(tag)
    if not match:
        return _with_attribute(tag, "class", name)
    classes = match.group(2).split()
    if name in classes:
        return tag
    quote = match.group(1)
    return f"{tag[:match.start()]}class={quote}{' '.join([*classes, name])}{quote}" \
           f"{tag[match.end():]}"


def _label_of(text: str) -> str:
    return " ".join(text.strip(_SORT_ARROWS + " \t\r\n").split())


class _TableParser(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.edits: list[tuple[int, int, str]] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self._depth = 0            # nesting of <table>; only the outermost is stacked
        self._section = ""         # thead, tbody or tfoot
        self._labels: list[str] = []
        self._hidden: list[bool] = []   # per column: left out of the phone's card
        self._header_row = None    # (offset, tag) of the last <tr> in <thead>
        self._header_cells = []    # [offset, tag, text, explicit label, has link, colspan]
        self._cell = None          # the header cell being read
        self._column = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _replace(self, offset: int, old: str, new: str) -> None:
        if new != old:
            self.edits.append((offset, len(old), new))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                raw = self.get_starttag_text()
                self._replace(self._offset(), raw, _with_class(raw, "table-stack"))
            return
        if self._depth != 1:
            return
        if tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "tr":
            self._column = 0
            if self._section == "thead":
                self._header_row = (self._offset(), self.get_starttag_text())
                self._header_cells = []
        elif tag in ("th", "td") and self._section == "thead":
            self._cell = [self._offset(), self.get_starttag_text(), "",
                          attributes.get("data-label"), False, _colspan(attributes),
                          attributes.get("data-phone") == "hide"]
            self._header_cells.append(self._cell)
        elif tag in ("th", "td"):
            span = _colspan(attributes)
            label = self._labels[self._column] if self._column < len(self._labels) else ""
            hidden = self._column < len(self._hidden) and self._hidden[self._column]
            raw = new = self.get_starttag_text()
            if span == 1 and label and "data-label" not in attributes:
                new = _with_attribute(new, "data-label", label)
            if span == 1 and hidden:
                new = _with_class(new, "stack-hide")
            self._replace(self._offset(), raw, new)
            self._column += span
        elif tag == "a" and self._cell is not None:
            self._cell[4] = True

    def handle_endtag(self, tag):
        if tag == "table":
            self._depth -= 1
            return
        if self._depth != 1:
            return
        if tag in ("th", "td"):
            self._cell = None
        elif tag == "thead":
            self._finish_header()
            self._section = ""
        elif tag in ("tbody", "tfoot"):
            self._section = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data

    def _finish_header(self) -> None:
        self._labels, self._hidden = [], []
        for _offset, _tag, text, explicit, _link, span, hidden in self._header_cells:
            self._labels += [explicit if explicit is not None else _label_of(text)]
            self._labels += [""] * (span - 1)
            self._hidden += [hidden] * span
        if not any(cell[4] for cell in self._header_cells) or self._header_row is None:
            return
        # Headers that sort the list stay visible on a phone; the others are hidden
        # there, as every cell already carries its own label.
        offset, raw = self._header_row
        self._replace(offset, raw, _with_attribute(raw, "data-sort-label", gettext("Sort by")))
        for offset, raw, _text, _explicit, has_link, _span, _hidden in self._header_cells:
            if not has_link:
                self._replace(offset, raw, _with_class(raw, "stack-plain"))


def _colspan(attributes: dict) -> int:
    try:
        return max(1, int(attributes.get("colspan") or 1))
    except ValueError:
        return 1
