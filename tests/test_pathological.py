"""Inputs that could make a regular expression backtrack for hours must finish (a nightly batch
never hangs). Each runs in a subprocess with a generous time-out: a hang guard, not a speed target."""
from __future__ import annotations

import subprocess
import sys

import pytest

CASES = {
    "long_digit_run_in_a_table": "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量" + "1" * 400
                                 + "\n四、政府信息公开行政复议、行政诉讼情况\n" + "7" * 300 + "\n五、存在的主要问题",
    "whitespace_between_dates": "2018年1月1日" + " " * 50000 + "至2018年12月31日",
    "numerals_only": "一二三四五六七八九十" * 20000,
    "digits_only": "1234567890" * 20000,
    "stars_and_underscores": "*" * 50000 + "_" * 50000,
    "one_long_line_of_text": "。 一、 概述 " + "政府信息公开工作，" * 20000,
    # Work that was quadratic or worse in the number of facts or headings of one report (each of
    # these took minutes to hours): the audit's sums and sentence ends, the section tree's parents,
    # the statistics period's sentence, the year read after a page of blanked furniture.
    "counts_in_one_sentence": "共受理申请3件，" * 4000,
    "parts_lists_in_one_sentence": "共受理申请30件，其中自然人20件、法人10件；" * 20000,
    "shares_in_one_sentence": "发布信息100条，占50%；" * 30000,
    "periods_without_full_stops": "2020年1月1日至2020年12月31日，" * 50000,
    "ten_thousands_of_headings": "一、概述\n（一）情况\n1、内容\n" * 60000,
    "a_page_of_furniture": "\n发布日期：2020-01-01 浏览次数：12\n打印 关闭\n" * 30000,
    # HTML source whose <script> or comments never close (each was rescanned to the page's end)
    "unclosed_scripts": "<p>a</p><script>var x=1;" * 40000,
    "unclosed_comments": "<p>x</p><!-- " * 60000,
}


@pytest.mark.parametrize("name", list(CASES))
def test_pathological_input_finishes(name):
    code = "import sys, govreport; govreport.extract_text(sys.stdin.read())"
    proc = subprocess.run([sys.executable, "-c", code], input=CASES[name], text=True, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-500:]
