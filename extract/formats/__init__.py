"""Input formats: the text govreport reads from each kind of download.

One module per format, each `read(data: bytes, name: str) -> Extracted`; `sniff` tells the format
from the bytes (a PDF's %PDF, a zip holding word/document.xml, markup), never from the file name
alone. Every offset in a record refers to `Extracted.text` (what `govreport text FILE` prints).
Adding a format is one module here, one line in `sniff` and `READERS`, and its tests.

Untrusted bytes are parsed by: the standard library's html.parser (HTML), zipfile and
xml.etree.ElementTree (DOCX; no DTD or entity expansion is honoured, the unzipped size is capped),
and PDFium through pypdfium2 (PDF, in the worker process that reads the file).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Extracted:
    text: str
    encoding: str
    format: str  # text | html | pdf | docx
    pages: int | None = None
    page_starts: tuple[int, ...] = field(default=())  # offset in text where each PDF page begins
    meta: dict = field(default_factory=dict)  # what the file says of itself (an HTML page's <meta> PubDate)


_MARKUP = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|table[\s>]|div[\s>]|p[\s>])", re.IGNORECASE)


def sniff(data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:200_000] or b"[Content_Types].xml" in data[:4096] else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head[:1] == b"<" and _MARKUP.search(data[:20_000]) or len(_MARKUP.findall(data[:20_000])) >= 3:
        return "html"
    return "text"


FORMAT_OF_SUFFIX = {".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".html": "html", ".htm": "html",
                    ".shtml": "html", ".txt": "text", ".md": "text"}
