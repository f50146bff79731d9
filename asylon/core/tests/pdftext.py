"""The text of a PDF that WeasyPrint wrote, for the marker probe (no PDF reader is
installed, and the probe must read the words a person would read, not the bytes).

WeasyPrint embeds subsets of fonts and writes each run of text as glyph ids
(`[<002b>0<0048>] TJ` under `/F1 16 Tf`); each font carries a ToUnicode CMap from glyph
ids to characters. This reads every stream (inflating FlateDecode), the objects packed in
object streams, the CMaps and which font name points at which CMap, then decodes every
text-showing operator with the font it is set in. One line per text operator: words stay
whole, which is all a search for a marker needs.
"""

import re
import zlib

STREAM = re.compile(rb"(\d+)\s+\d+\s+obj\s*(<<.*?>>)\s*stream\r?\n", re.DOTALL)
OBJ = re.compile(rb"(\d+)\s+\d+\s+obj\s*(.*?)endobj", re.DOTALL)
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
HEX_PAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
HEX_RANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+)\s+\d+\s+R")
FONT_REF = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+(\d+)\s+\d+\s+R")
# A font selection, or a text-showing operator with its operand (a string or an array).
TEXT_OP = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|(\[(?:[^\]\\]|\\.)*\])\s*TJ|"
                     rb"(<[0-9a-fA-F\s]*>|\((?:[^)\\]|\\.)*\))\s*(?:Tj|'|\")")
STRING = re.compile(rb"<([0-9a-fA-F\s]*)>|\(((?:[^)\\]|\\.)*)\)")


def _objects(pdf: bytes) -> tuple[dict, list]:
    """{object number: its dictionary text}, and the inflated streams."""
    objects, streams = {}, []
    for match in STREAM.finditer(pdf):
        start = match.end()
        end = pdf.find(b"endstream", start)
        raw = pdf[start:end]
        head = match.group(2)
        try:
            data = zlib.decompress(raw) if b"FlateDecode" in head else raw
        except zlib.error:
            continue
        number = int(match.group(1))
        objects[number] = head
        streams.append((number, head, data))
        if b"/ObjStm" in head:
            count = int(re.search(rb"/N\s+(\d+)", head).group(1))
            first = int(re.search(rb"/First\s+(\d+)", head).group(1))
            index = data[:first].split()
            offsets = [(int(index[2 * i]), int(index[2 * i + 1])) for i in range(count)]
            for i, (packed, offset) in enumerate(offsets):
                stop = offsets[i + 1][1] if i + 1 < count else len(data) - first
                objects[packed] = data[first + offset:first + stop]
    for match in OBJ.finditer(re.sub(rb"stream\r?\n.*?endstream", b"", pdf, flags=re.DOTALL)):
        objects.setdefault(int(match.group(1)), match.group(2))
    return objects, streams


def _cmap(data: bytes) -> dict:
    mapping = {}
    for block in BFCHAR.findall(data):
        for code, text in HEX_PAIR.findall(block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    for block in BFRANGE.findall(data):
        for low, high, start in HEX_RANGE.findall(block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _decode(operand: bytes, cmap: dict | None) -> str:
    out = []
    for hex_text, literal in STRING.findall(operand):
        if literal or not hex_text:
            out.append(literal.decode("latin-1"))
            continue
        digits = re.sub(rb"\s", b"", hex_text).decode()
        if cmap is None:
            out.append(bytes.fromhex(digits).decode("latin-1", "replace"))
            continue
        width = 4 if max(cmap, default=0) > 0xFF or len(digits) % 4 == 0 else 2
        out.extend(cmap.get(int(digits[i:i + width], 16), "") for i in
                   range(0, len(digits) - width + 1, width))
    return "".join(out)


def text(pdf: bytes) -> str:
    objects, streams = _objects(pdf)
    cmaps = {number: _cmap(data) for number, _head, data in streams if b"begincmap" in data}
    font_cmap = {}  # font object number -> its CMap
    for number, body in objects.items():
        found = TO_UNICODE.search(body)
        if found and int(found.group(1)) in cmaps:
            font_cmap[number] = cmaps[int(found.group(1))]
    by_name = {}  # resource name (/F1) -> CMap
    for body in objects.values():
        for name, number in FONT_REF.findall(body):
            if int(number) in font_cmap:
                by_name[name] = font_cmap[int(number)]
    lines = []
    for _number, head, data in streams:
        if b"begincmap" in data or b"/ObjStm" in head or b"Length1" in head:
            continue
        font = None
        for match in TEXT_OP.finditer(data):
            if match.group(1):
                font = by_name.get(match.group(1))
            else:
                lines.append(_decode(match.group(2) or match.group(3), font))
    return "\n".join(lines)
