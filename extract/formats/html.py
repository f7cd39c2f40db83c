"""HTML pages as their site serves them: the text a reader sees, tables as rows of cells.

Block elements break the line; inline elements join without a space (`30</span><span>01` is 3001);
script, style and comments are dropped; entities are decoded. Every `<table>` is
drawn as a grid with rowspan and colspan expanded, each merged cell printed once, and written as
`| a | b | c |` rows, which the tables' `cells` layout reads (a cell spanning columns is printed once,
with no blanks for the columns it covers). A table used for page layout (a cell
holding paragraphs of prose) is written as the paragraphs it holds instead.
"""
from __future__ import annotations

import re
from html import unescape

from govreport.extract.formats import Extracted

_BLOCK = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 tr section article header footer nav form hr dd dt dl "
                   "blockquote pre title center address figure figcaption main aside caption tbody thead tfoot".split())
_SKIP = frozenset("script style noscript template svg iframe object select textarea".split())
_SPACES = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w-]{2,20})", re.IGNORECASE)
_PUBDATE = re.compile(r"^(?:pubdate|publishdate|firstpublishedtime|article:published_time)$", re.IGNORECASE)
# a cell this long, or holding several long lines, is page layout, not a table's cell
_LAYOUT_CELL = 300


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[tuple[str, int, int]]] = []
        self.cell: list[str] | None = None
        self.span = (1, 1)

    def text_of_cell(self) -> str:
        return "".join(self.cell or [])


# A tag, a comment, a declaration: the page is read as text between these (a regex scan over the page,
# several times faster than html.parser, which parses every attribute of every tag).
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([a-zA-Z][a-zA-Z0-9:-]{0,30})([^>]*)>|<![^>]*>|<\?[^>]*>", re.S)
_ATTR = re.compile(r"([a-zA-Z:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))")
_WANTS_ATTRS = frozenset(("td", "th", "meta"))
# what a tag is to the reader: a block or table part, one whose attributes are read, one whose content is
# skipped; every other tag (span, a, font…) joins its text
_KIND = {**{t: "break" for t in _BLOCK - {"tr"}}, "tr": "row", "table": "table",
         **{t: "attrs" for t in _WANTS_ATTRS}, **{t: "skip" for t in _SKIP}}


class _PageText:
    def __init__(self) -> None:
        self.flow: list[str] = []
        self.tables: list[_Table] = []
        self.meta: dict[str, str] = {}
        self.sink: list[str] = self.flow  # where text goes (kept by _resink as cells and tables open and close)

    def _resink(self) -> None:
        """Text goes to the open cell of the innermost table, else to the page."""
        cell = self.tables[-1].cell if self.tables else None
        self.sink = self.flow if cell is None else cell

    def _break(self) -> None:
        sink = self.sink
        if sink and not sink[-1].endswith("\n"):
            sink.append("\n")

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "meta":
            a = dict(attrs)
            if _PUBDATE.match(a.get("name") or a.get("property") or "") and a.get("content"):
                self.meta.setdefault("published", a["content"])
            return
        if tag == "table":
            self._break()
            self.tables.append(_Table())
            self.sink = self.flow
        elif tag == "tr" and self.tables:
            self._close_cell()
            self.tables[-1].rows.append([])
        elif tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            self._close_cell()
            if not table.rows:
                table.rows.append([])
            a = dict(attrs)
            table.cell, table.span = [], (_int(a.get("rowspan")), _int(a.get("colspan")))
            self.sink = table.cell
        elif tag in _BLOCK:
            self._break()

    def feed(self, page: str) -> None:
        # one C-level split: text, then each tag's (slash, name, attributes) and the text after it;
        # a comment or declaration gives Nones
        parts = _TAG.split(page)
        data, start_tag, end_tag, kind_of = self.handle_data, self.handle_starttag, self.handle_endtag, _KIND.get
        skipping = None  # inside <script>, <style>…: everything up to its end tag is not text
        if parts[0]:
            data(parts[0])
        for k in range(1, len(parts), 4):
            name, text = parts[k + 1], parts[k + 3]
            if name:
                tag = name if name.islower() else name.lower()
                if skipping:
                    if tag == skipping and parts[k]:
                        skipping = None
                    continue
                kind = kind_of(tag)
                if kind is None:
                    pass  # span, a, font…: their text joins the text around them
                elif kind == "break" or kind == "row" and parts[k]:  # (self._break, inlined)
                    sink = self.sink
                    if sink and not sink[-1].endswith("\n"):
                        sink.append("\n")
                elif parts[k]:
                    end_tag(tag)
                elif kind == "skip":
                    skipping = tag
                    continue
                else:
                    attrs = parts[k + 2]
                    # (a cell's attributes matter only for rowspan/colspan: most cells have neither)
                    wanted = kind == "attrs" and (tag == "meta" or "pan" in attrs or "PAN" in attrs)
                    start_tag(tag, [(a.lower(), unescape(b if b is not None else c if c is not None else d))
                                    for a, b, c, d in _ATTR.findall(attrs)] if wanted else ())
            elif skipping:
                continue
            if text and text.strip(" \t\r\n\f"):  # (handle_data, inlined: this loop runs once a tag)
                if "&" in text:
                    text = unescape(text)
                if "\n" in text or "  " in text or "\t" in text or "\r" in text:
                    text = _SPACES.sub(" ", text)
                self.sink.append(text)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.tables:
            self._close_cell()
            lines = _render(self.tables.pop())
            self._resink()
            sink = self.sink
            if sink is self.flow:
                self._break()
                sink.append(lines)
                self._break()
            else:
                sink.append(lines.replace("\n", " "))
        elif tag in ("td", "th") and self.tables:
            self._close_cell()
        elif tag in _BLOCK:
            self._break()

    def _close_cell(self) -> None:
        table = self.tables[-1]
        if table.cell is not None:
            table.rows[-1].append((table.text_of_cell(), *table.span))
            table.cell = None
            self.sink = self.flow

    def handle_data(self, data: str) -> None:
        if not data.strip(" \t\r\n\f"):
            return  # the source's own indentation between tags
        if "&" in data:
            data = unescape(data)
        if "\n" in data or "  " in data or "\t" in data or "\r" in data:
            data = _SPACES.sub(" ", data)
        self.sink.append(data)


def _int(value: str | None) -> int:
    if not value:
        return 1
    try:
        return max(1, min(int(str(value).strip()), 100))
    except (TypeError, ValueError):
        return 1


def _render(table: _Table) -> str:
    cells = [c for row in table.rows for c in row]
    if any(len(text) > _LAYOUT_CELL for text, _, _ in cells):
        # a layout table: its cells are the page's own paragraphs
        return "\n".join(text.strip("\n") for text, _, _ in cells if text.strip())
    grid: dict[tuple[int, int], str | None] = {}
    width = 0
    for r, row in enumerate(table.rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            flat = "".join(part.strip() for part in text.split("\n"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    # printed once: the rows below a rowspan get a blank cell (keeping the columns),
                    # the columns a colspan covers get none (a blank there would pass for a cell)
                    grid[(r + dr, c + dc)] = flat if (dr, dc) == (0, 0) else "" if dc == 0 else None
            c += colspan
            width = max(width, c)
    height = max((r for r, _ in grid), default=-1) + 1
    lines = []
    for r in range(height):
        row = [grid.get((r, c), "") for c in range(width)]
        row = [cell for cell in row if cell is not None]
        if any(row):
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    from govreport.extract.read import decode  # (the text decoder: BOMs, UTF-8, GB18030, Big5)
    declared = _CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        enc = declared.group(1).decode("ascii").lower()
        enc = "gb18030" if enc in ("gb2312", "gbk", "gb18030", "x-gbk") else enc
        if enc not in ("utf-8", "utf8"):
            try:
                return data.decode(enc), enc
            except (LookupError, UnicodeDecodeError):
                pass
    return decode(data, name)


def read(data: bytes, name: str) -> Extracted:
    from govreport.extract.read import InputError
    source, encoding = decode_html(data, name)
    parser = _PageText()
    parser.feed(source)
    while parser.tables:  # tables left open by the page
        parser.handle_endtag("table")
    text = "".join(parser.flow).strip("\n")
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n", text)
    if not text.strip():
        raise InputError(f"{name}: an HTML page with no text; check that the download is the report page, not a frame or script")
    return Extracted(text=text, encoding=encoding, format="html", meta=dict(parser.meta))
