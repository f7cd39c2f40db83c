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
}


@pytest.mark.parametrize("name", list(CASES))
def test_pathological_input_finishes(name):
    code = "import sys, govreport; govreport.extract_text(sys.stdin.read())"
    proc = subprocess.run([sys.executable, "-c", code], input=CASES[name], text=True, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-500:]
