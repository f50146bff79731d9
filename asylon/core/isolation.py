"""Where a page prints text a person typed without isolating its direction.

A name in Arabic script followed by a number ("كريم منصور · 1985") is reordered by the
bidirectional algorithm unless the typed value sits in its own `<bdi>` or an element with
`dir` (STYLE: `dir="auto"` / `<bdi>`). `unisolated(html, value)` lists the places where
`value` appears in text outside such an element, for tests that render pages with a
value of mixed direction. Attributes, `<option>`s (which cannot hold elements; the
select carries `dir="auto"`), `<title>`, `<textarea>` and script islands are not text of
the page's flow and are skipped.
"""

from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}
_SKIPPED = {"title", "option", "textarea", "script", "style", "template"}


class _Finder(HTMLParser):
    def __init__(self, value: str):
        super().__init__(convert_charrefs=True)
        self.value = value
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        isolating = tag == "bdi" or any(name == "dir" for name, _ in attrs)
        self.stack.append((tag, isolating))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.value not in data:
            return
        tags = [tag for tag, _ in self.stack]
        if _SKIPPED & set(tags):
            return
        if not any(isolating for _, isolating in self.stack[1:]):   # <html dir> is not it
            self.found.append(" > ".join(tags[-3:]) + f": {data.strip()[:60]}")


def unisolated(html: str, value: str) -> list[str]:
    finder = _Finder(value)
    finder.feed(html)
    finder.close()
    return finder.found


FSI, PDI = "\u2068", "\u2069"


def unisolated_text(text: str, value: str) -> list[str]:
    """The lines of a plain-text message (an e-mail) where `value` appears outside a
    FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE pair (the `isolated` filter)."""
    found, start = [], 0
    while (index := text.find(value, start)) != -1:
        before = text[:index]
        if before.count(FSI) <= before.count(PDI):
            line_start = text.rfind("\n", 0, index) + 1
            line_end = text.find("\n", index)
            found.append(text[line_start:line_end if line_end != -1 else None].strip()[:80])
        start = index + len(value)
    return found
