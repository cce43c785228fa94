"""Read back the text of our own fpdf2 PDFs in the order it is drawn (visual order), without a PDF library.

fpdf2 writes uncompressed object headers and deflated streams; embedded TrueType fonts are Type0/Identity-H (two
bytes per glyph id) with a ToUnicode map, core fonts (Courier) one byte per character. Enough for tests that ask
"is the Arabic drawn right to left, with its joined letter forms?".
"""

import io
import re
import zlib

from fontTools.ttLib import TTFont

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_TOKEN = re.compile(rb"/F(\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) ?Tj", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _stream(body):
    match = _STREAM.search(body)
    if match is None:
        return b""
    try:
        return zlib.decompress(match.group(1))
    except zlib.error:
        return match.group(1)


def _unescape(literal):
    out = bytearray()
    index = 0
    while index < len(literal):
        byte = literal[index : index + 1]
        if byte != b"\\":
            out += byte
            index += 1
            continue
        nxt = literal[index + 1 : index + 2]
        octal = re.match(rb"[0-7]{1,3}", literal[index + 1 : index + 4])
        if octal:
            out.append(int(octal.group(0), 8) & 0xFF)
            index += 1 + len(octal.group(0))
        else:
            out += _ESCAPES.get(nxt, nxt)
            index += 2
    return bytes(out)


def _cmap(data):
    mapping = {}
    for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", data.split(b"beginbfchar", 1)[-1]):
        mapping[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    return mapping


class PdfReading:
    def __init__(self, content):
        self.objects = {int(number): body for number, body in _OBJECT.findall(content)}
        self.fonts = {}  # resource number ("1" for /F1) → ToUnicode map, or None for a core font
        self.glyph_names = set()
        for resource, ref in re.findall(rb"/F(\d+) (\d+) 0 R", content):
            font = self.objects.get(int(ref), b"")
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
            self.fonts[resource] = _cmap(_stream(self.objects[int(to_unicode.group(1))])) if to_unicode else None
        for body in self.objects.values():
            if re.search(rb"/Length1 \d+", body):  # an embedded TrueType font program
                self.glyph_names.update(TTFont(io.BytesIO(_stream(body))).getGlyphOrder())

    def text(self):
        """All text in drawing order, one string per page content stream."""
        parts = []
        for body in self.objects.values():
            data = _stream(body)
            if b" Tj" not in data:
                continue
            font = None
            for match in _TOKEN.finditer(data):
                if match.group(1) is not None:
                    font = self.fonts.get(match.group(1))
                    continue
                raw = _unescape(match.group(2))
                if font is None:
                    parts.append(raw.decode("latin-1"))
                else:
                    ids = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
                    parts.append("".join(font.get(glyph, "\ufffd") for glyph in ids))
        return "".join(parts)
