"""A mirror's page (pinyin inserted after characters: 主動(dòng)公開(kāi)) reads as the page it copies:
the same tables, indicators, kind, year and agency; facts placed where they are printed."""
from __future__ import annotations

import random

import pytest

import govreport
from conftest import SAMPLES, SHARED

PAGES = sorted(SAMPLES.glob("*.txt"))
_SYLLABLES = ["shù", "gōng", "kāi", "zhèn", "wǎng", "qū", "fā", "bào", "gào", "zhèng", "fǔ", "xìn", "xī", "lǜ"]


def with_pinyin(text: str, every: int, seed: int = 1) -> str:
    """text with a syllable in brackets after every `every`-th Han character, as spam mirrors print it."""
    rnd, out, n = random.Random(seed), [], 0
    for c in text:
        out.append(c)
        if "\u4e00" <= c <= "\u9fff":
            n += 1
            if n % every == 0:
                out.append(f"({rnd.choice(_SYLLABLES)})")
    return "".join(out)


def _essentials(records):
    return [{"kind": r["kind"], "year": r["year"], "template": r["template"], "agency": r["agency"],
             "indicators": {k: v["value"] for k, v in r["indicators"].items()},
             "tables": {k: v for k, v in r["tables"].items() if k not in ("spans", "ambiguous")}} for r in records]


@pytest.mark.parametrize("every", [2, 3, 4])
@pytest.mark.parametrize("path", PAGES, ids=[p.name[:30] for p in PAGES])
def test_a_mirror_with_pinyin_reads_as_the_page_it_copies(path, every):
    text = path.read_text(encoding="utf-8")
    assert _essentials(govreport.extract_text(with_pinyin(text, every))) == _essentials(govreport.extract_text(text))


def test_a_fact_in_a_mirror_is_placed_where_it_is_printed_with_its_pinyin():
    text = "2018年(nián)1-11月(yuè)，共受理申(shēn)请12件(jiàn)。"
    rec = govreport.extract_text(text)[0]
    found = {f["type"]: f for f in rec["facts"]}
    assert found["period"]["text"] == "2018年(nián)1-11月" == text[found["period"]["start"]:found["period"]["end"]]
    assert found["period"]["value"] == {"start": "2018-01-01", "end": "2018-11-30"}
    assert found["count"]["text"] == "12件" and found["count"]["label"] == "共受理申(shēn)请"


WEB_PAGES = sorted((SHARED / "corpus" / "web").glob("*.html"))


@pytest.mark.parametrize("path", WEB_PAGES, ids=[p.name for p in WEB_PAGES])
def test_a_mirrored_html_page_with_pinyin_reads_as_the_page_it_copies(path):
    """The same for pages as served (HTML with tables): the pinyin lands in titles, cells' labels and prose."""
    from govreport.extract.pipeline import extract_document
    from govreport.extract.read import read_bytes
    raw = path.read_bytes()
    doc = read_bytes(raw, str(path))
    mirrored = read_bytes(with_pinyin(raw.decode(doc.encoding), 3).encode("utf-8"), str(path))
    assert _essentials(extract_document(mirrored)) == _essentials(extract_document(doc))
