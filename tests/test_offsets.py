"""Every fact, section and indicator points at its exact printed surface in the original file."""
from __future__ import annotations

from govreport.extract.text import squeeze


def test_fact_offsets_are_exact(extracted):
    n = 0
    for name, (original, records) in extracted.items():
        for rec in records:
            for f in rec["facts"]:
                assert original[f["start"]:f["end"]] == f["text"], (name, f)
                n += 1
    assert n > 500


def test_indicator_and_heading_offsets(extracted):
    for name, (original, records) in extracted.items():
        for rec in records:
            for ind in rec["indicators"].values():
                assert original[ind["start"]:ind["end"]] == ind["text"], (name, ind)
            for sec in rec["sections"]:
                # headings are simplified; compare without spaces after converting the original span
                from govreport.extract.normalise import normalise
                assert squeeze(normalise(original).text[sec["start"]:sec["start"] + len(sec["heading"])]) == squeeze(sec["heading"])


def test_traditional_input_keeps_offsets(extracted):
    original, records = extracted["003_c4406e09294e7023.txt"]
    assert len(records) == 12
    assert all(r["script"] == "traditional" for r in records)
    # labels are simplified even though the surface is traditional
    labels = [f["label"] for r in records for f in r["facts"] if f.get("label")]
    assert any("咨询" in lab for lab in labels) and not any("諮詢" in lab for lab in labels)


def test_headings_of_a_page_flattened_into_one_line(extracted):
    _, [rec] = extracted["changwu__pingtan-gov-zwgk-archive__zfxxgknb_201204_80678__page.txt"]
    heads = [(s["level"], s["heading"]) for s in rec["sections"]]
    assert (1, "二、主动公开政府信息情况") in heads and (2, "（一）主动公开政府信息的数量") in heads
    assert (2, "（一）进一步深化政府信息公开内容。") in heads
    _, [rec] = extracted["changwu__pingtan-gov-zwgk-archive__zfxxgknb_202302_80629__page.txt"]
    heads = [s["heading"] for s in rec["sections"]]
    assert "五、存在的主要问题及改进情况" in heads
    assert not any(h.startswith(("一、本年新收", "（一）予以公开")) for h in heads)  # table rows


def test_anonymised_parts_match_the_careful_reader(extracted):
    import yaml
    from conftest import SAMPLES
    exp = yaml.safe_load((SAMPLES / "expected" / "003_c4406e09294e7023.yaml").read_text(encoding="utf-8"))
    _, records = extracted["003_c4406e09294e7023.txt"]
    assert [r["source"]["part"] for r in records if r["anonymised"]] == exp["anonymised_parts"]
    for r in records:
        assert not r["agency"] or not any(c in r["agency"] for c in "_*×")


TEMPLATE_TITLES = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                   "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_known_titles_glued_to_their_text_end_where_the_title_ends(extracted):
    # Flattened pages run a title into its body (…情况第二十条第（一）项…) or glue it to the cells
    # before it (…432.52元三、收到和处理…): every template title is found, and it alone is the heading.
    for page in ("202001_80576", "202302_80629", "202503_97791"):
        _, [rec] = extracted[f"changwu__pingtan-gov-zwgk-archive__zfxxgknb_{page}__page.txt"]
        heads = [squeeze(s["heading"]).replace("行政法复议", "行政复议") for s in rec["sections"] if s["level"] == 1]
        assert heads == TEMPLATE_TITLES, page
    _, [rec] = extracted["changwu__pingtan-gov-zwgk-archive__zfxxgknb_201701_80485__page.txt"]
    heads = [squeeze(s["heading"]) for s in rec["sections"] if s["level"] == 1]
    assert heads[0] == "一、概述" and heads[4] == "五、因政府信息公开申请行政复议、提起行政诉讼的情况"


def test_a_numbered_phrase_inside_a_sentence_is_not_a_known_title():
    import govreport
    [rec] = govreport.extract_text("本报告包括一、总体情况等部分。" + "正文。" * 120)
    assert not rec["sections"]


def test_a_zero_phrase_split_by_a_line_wrap_is_found_with_its_exact_surface():
    import govreport
    text = "（三）复议诉讼。2013年，本单位未发生被申请行政复议、提起行政\n\n诉讼的情况。"
    [rec] = govreport.extract_text(text)
    ind = rec["indicators"]["lawsuits"]
    assert ind["value"] == 0 and text[ind["start"]:ind["end"]] == ind["text"]
    assert ind["text"].startswith("未发生") and ind["text"].endswith("行政\n\n诉讼")


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 中\n\t\u3000", max_size=40))
def test_the_squeezed_view_maps_every_character_back(text):
    from govreport.extract.text import squeezed_view
    view, back = squeezed_view(text)
    assert view == "".join(text.split())
    assert [text[back(i)] for i in range(len(view))] == list(view)
    assert all(back(i) < back(i + 1) for i in range(len(view) - 1))


def _pdf_wrap(text: str, facts: list[dict], width: int = 30) -> str:
    """Hard-wrap text as pdfminer prints a page (a blank line between lines), never inside a fact."""
    inside = bytearray(len(text) + 1)
    for f in facts:
        inside[f["start"]:f["end"]] = b"\1" * (f["end"] - f["start"])
    out, line = [], 0
    for i, c in enumerate(text):
        if c == "\n":
            out.append("\n\n")
            line = 0
            continue
        out.append(c)
        line += 1
        if line >= width and not inside[i] and not inside[i + 1]:
            out.append("\n\n")
            line = 0
    return "".join(out)


def test_wrapping_a_page_like_pdfminer_keeps_its_facts(extracted):
    import govreport
    for name, (original, records) in extracted.items():
        facts = [f for r in records for f in r["facts"]]
        wrapped = govreport.extract_text(_pdf_wrap(original, facts))
        kept = {(f["type"], squeeze(f["text"])) for r in wrapped for f in r["facts"]}
        # (a fact printed across a line break depends on where the page broke its lines)
        lost = [(f["type"], f["text"]) for f in facts if "\n" not in f["text"] and (f["type"], squeeze(f["text"])) not in kept]
        assert not lost, (name, lost)


def test_crlf_or_trailing_spaces_keep_every_fact_and_label(extracted):
    """A page saved on Windows (its \r folds to a space) or with spaces left at its lines' ends reads
    as the page itself: the same facts, labels and indicators (labels across a wrapped line too)."""
    import govreport

    def read(records):
        facts = [(f["type"], f["value"], f["unit"], f["label"], squeeze(f["text"])) for r in records for f in r["facts"]]
        return facts, [sorted((k, v["value"]) for k, v in r["indicators"].items()) for r in records]

    for name, (original, records) in extracted.items():
        for variant in (original.replace("\n", "\r\n"), original.replace("\n", "  \n")):
            assert read(govreport.extract_text(variant)) == read(records), name


def test_a_page_converted_to_traditional_reads_as_the_page(extracted):
    """Mirror sites convert whole pages with opencc's phrase converter (答复 → 答覆, 行政复议 → 行政複議):
    read back, the page gives the same facts, labels, indicators, tables, kind, agency and year."""
    import govreport
    from opencc import OpenCC
    to_traditional = OpenCC("s2t").convert

    def read(records):
        # (a document number's value is the 文号 as printed; its issuer is read)
        return [([(f["type"], f["issuer"] if f["type"] == "doc_number" else f["value"], f["unit"], f["label"])
                  for f in r["facts"]],
                 {k: v["value"] for k, v in r["indicators"].items()}, r["tables"], r["kind"], r["agency"], r["year"])
                for r in records]

    converted = 0
    for name, (original, records) in extracted.items():
        if records[0]["script"] != "simplified":
            continue
        traditional = to_traditional(original)
        assert len(traditional) == len(original)  # (else offsets could not be compared)
        again = govreport.extract_text(traditional)
        assert [r["script"] for r in again] == ["traditional"] * len(again), name
        assert read(again) == read(records), name
        converted += 1
    assert converted >= 10

