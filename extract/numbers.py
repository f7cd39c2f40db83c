"""Parse printed numbers: Arabic, Chinese (小写 and 大写) and mixed (1.5万, 一千二百余)."""
from __future__ import annotations


from govreport.extract.patterns import rule

DIGITS = {"零": 0, "〇": 0, "○": 0, "O": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "两": 2, "俩": 2,
          "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
          "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
POINTS = ("点", "點")
# digits, and digits with a scale word (patterns/numbers.yaml): asked of every number read
_ARABIC = rule("numbers", "arabic")
_ARABIC_SCALED = rule("numbers", "arabic_scaled")



def _small(s: str) -> int:
    """Value of a run below 万 (may itself be bare digits like 二〇一三)."""
    if s and all(c in DIGITS for c in s):
        return int("".join(str(DIGITS[c]) for c in s))
    total, current, last_unit = 0, None, None
    for i, c in enumerate(s):
        if c in DIGITS:
            if current is not None and DIGITS[c] != 0 and current != 0:
                raise ValueError(f"two digits in a row in {s!r}")
            current = DIGITS[c]
        elif c in SMALL_UNITS:
            unit = SMALL_UNITS[c]
            if last_unit is not None and unit >= last_unit:
                raise ValueError(f"unit order in {s!r}")
            if current is None or (current == 0 and unit == 10 and i > 0 and s[i - 1] in "零〇○"):
                if unit == 10:
                    current = 1
                else:
                    raise ValueError(f"unit without digit in {s!r}")
            total += current * unit
            current, last_unit = None, unit
        else:
            raise ValueError(f"not a Chinese numeral: {c!r}")
    if current is not None:
        # 一千二 = 1200: a trailing digit right after a unit counts in the next lower unit.
        prev = s[-2] if len(s) >= 2 else ""
        if prev in SMALL_UNITS and SMALL_UNITS[prev] >= 100:
            current *= SMALL_UNITS[prev] // 10
        total += current
    return total


def _integer(s: str) -> int:
    if not s:
        raise ValueError("empty numeral")
    for unit_char in ("亿", "億", "万", "萬"):
        if unit_char in s:
            head, _, tail = s.partition(unit_char)
            head_value = _integer(head) if head else 1
            tail_value = _integer(tail) if tail else 0
            if tail and len(tail) == 1 and tail in DIGITS and DIGITS[tail]:
                # 一万二 = 12000
                tail_value = DIGITS[tail] * BIG_UNITS[unit_char] // 10
            return head_value * BIG_UNITS[unit_char] + tail_value
    return _small(s)


def parse_chinese(s: str) -> float | int:
    s = s.strip()
    negative = s.startswith(("负", "負", "-"))
    if negative:
        s = s[1:]
    for p in POINTS:
        if p in s:
            whole, _, frac = s.partition(p)
            scale = 1
            if frac and frac[-1] in BIG_UNITS:
                scale, frac = BIG_UNITS[frac[-1]], frac[:-1]
            if not frac or not all(c in DIGITS for c in frac):
                raise ValueError(f"bad decimal part in {s!r}")
            value = float(f"{_integer(whole) if whole else 0}.{''.join(str(DIGITS[c]) for c in frac)}") * scale
            value = int(value) if value == int(value) and scale > 1 else value
            return -value if negative else value
    value = _integer(s)
    return -value if negative else value


def parse_number(s: str) -> float | int:
    """Parse '355', '1,234.5', '1.5万', '一千二百', '二〇一三', '十二'. Raises ValueError."""
    if s.isascii() and s.isdigit():
        return int(s)  # most printed numbers: plain digits
    s = s.strip().replace(" ", "")
    if _ARABIC.match(s):
        v = float(s.replace(",", ""))
        return int(v) if v == int(v) and "." not in s else v
    m = _ARABIC_SCALED.match(s)
    if m:
        scale = 1
        for c in m.group(2):
            scale *= SMALL_UNITS.get(c) or BIG_UNITS[c]
        v = float(m.group(1).replace(",", "")) * scale
        return int(round(v)) if abs(v - round(v)) < 1e-9 * max(1.0, abs(v)) else v
    return parse_chinese(s)


def plain_number(value: float | int) -> float | int:
    """Drop float noise: 2615000.0000001 → 2615000."""
    if isinstance(value, float):
        r = round(value, 6)
        if abs(value - round(value)) < 1e-9 * max(1.0, abs(value)):
            return int(round(value))
        return int(r) if r == int(r) else r
    return value
