"""Text geometry: the small kit every stage reads text with (no stage's own logic, no pattern file).

Whitespace squeezing, sentence and line starts, soft line breaks of PDF text, a whitespace-free view
with a way back to offsets, the way a message prints a number, and a section's heading path and the section holding a position. At the
bottom of the module map: it imports nothing of govreport.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Callable


def squeeze(s: str) -> str:
    """Remove all whitespace (for labels and headings printed with stray spaces).

    str.split() breaks at the same characters as the regex class of whitespace, three times faster than re.sub.
    """
    return "".join(s.split())


def sentence_start(text: str, pos: int, reach: int) -> int:
    """Where the sentence (or line) holding text[pos] starts, looked for `reach` characters back at
    most: a page without full stops is then not rescanned from each of its numbers."""
    floor = max(0, pos - reach)
    return max(text.rfind("。", floor, pos), text.rfind("\n", floor, pos), floor - 1) + 1


def soft_break(text: str, i: int) -> int | None:
    """Where the line before the line break text[i - 1] ends, when the break falls inside a
    sentence (PDF or Markdown wrapping: the line before is long and runs on in Han text or after a
    comma; pdfminer prints a blank line between the lines it wraps); else None."""
    j = _before_spaces(text, i - 1)  # trailing spaces are not text: a CRLF file's \r folds to one
    if j >= 1 and text[j - 1] == "\n":
        j = _before_spaces(text, j - 1)
    runs_on = j >= 1 and ("\u4e00" <= text[j - 1] <= "\u9fff" or text[j - 1] in _RUNS_ON)
    return j if runs_on and long_line_ends(text, j) else None


def _before_spaces(text: str, j: int) -> int:
    while j >= 1 and text[j - 1] == " ":
        j -= 1
    return j


def wrap_resumes(text: str, nl: int) -> int:
    """Where the text goes on after the line break text[nl]: past one blank line and stray spaces."""
    k = nl + 1
    while text.startswith(" ", k):
        k += 1
    if text.startswith("\n", k):
        k += 1
        while text.startswith(" ", k):
            k += 1
    return k


_RUNS_ON = frozenset("，、；：,")


def long_line_ends(text: str, nl: int) -> bool:
    """Whether the line that ends at text[nl] is long enough to be a wrapped line of a page
    (PDF lines run 20–40 characters; headings and table cells are shorter)."""
    start = text.rfind("\n", 0, nl) + 1
    while start < nl and text[start] == " ":  # (indentation, or the blanked tags of an HTML page, is not text)
        start += 1
    return nl - start >= 20


_SPACE_RUN = re.compile(r"\s\s*")


def squeezed_view(text: str) -> tuple[str, Callable[[int], int]]:
    """text without its whitespace, and a map from a position in it back to the same character in
    text: a phrase that a line wrap or a stray space splits (行政\n\n诉讼) is found whole in the view.
    (The map walks the whitespace runs when asked: it is asked only for the rare match.)"""
    def back(i: int) -> int:
        removed = 0
        for m in _SPACE_RUN.finditer(text):
            if m.start() - removed > i:
                break
            removed += m.end() - m.start()
        return i + removed
    return squeeze(text), back


def format_number(v: float | None) -> str:
    """A number as a message prints it: 81.7, 332, 2320777 (never 2.32078e+06); None is a blank cell."""
    if v is None:
        return "blank"
    return f"{v:g}" if abs(v) < 1e6 else f"{v:.0f}" if v == int(v) else f"{v}"


def heading_path(sections: list[dict], index: int | None) -> str:
    parts = []
    while index is not None:
        parts.append(sections[index]["heading"])
        index = sections[index]["parent"]
    return " / ".join(reversed(parts))


def innermost(sections: list[dict], pos: int, starts: list[int] | None = None) -> int | None:
    """Index of the deepest section holding pos: the latest-starting one that holds it (a section
    ends before any later heading of its own or a higher level, so later holders are deeper)."""
    if starts is None:
        starts = [sec["start"] for sec in sections]
    for i in range(bisect_right(starts, pos) - 1, -1, -1):
        if pos < sections[i]["end"]:
            return i
    return None
