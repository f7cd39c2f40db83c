"""Render 表三/表四 values as a page would flatten them, for table-reading tests."""
from __future__ import annotations

LABELS_2021 = [
    ("new_requests", "一、本年新收政府信息公开申请数量"), ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "三、本年度办理结果（一）予以公开"), ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied_state_secret", "（三）不予公开1.属于国家秘密"), ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("denied_security_stability", "3.危及“三安全一稳定”"), ("denied_third_party_rights", "4.保护第三方合法权益"),
    ("denied_internal_affairs", "5.属于三类内部事务信息"), ("denied_process_information", "6.属于四类过程性信息"),
    ("denied_law_enforcement_files", "7.属于行政执法案卷"), ("denied_administrative_inquiry", "8.属于行政查询事项"),
    ("unavailable_not_held", "（四）无法提供1.本机关不掌握相关政府信息"), ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable_unclear", "3.补正后申请内容仍不明确"), ("not_processed_petition", "（五）不予处理1.信访举报投诉类申请"),
    ("not_processed_repeat", "2.重复申请"), ("not_processed_publication", "3.要求提供公开出版物"),
    ("not_processed_excessive", "4.无正当理由大量反复申请"), ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "3.其他"), ("total_processed", "（七）总计"), ("carried_forward", "四、结转下年度继续办理"),
]
COLS = ["natural_person", "commercial_enterprise", "research_institution", "social_organization",
        "legal_service_agency", "other_organization", "total"]
T4 = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
HEAD = "2022年度政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
T4_HEAD = "\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计\n"
TAIL = "\n五、存在的主要问题及改进情况\n无。\n"


def cells(values: list[int], layout: str) -> str:
    s = [str(v) for v in values]
    if layout == "pipes":
        return "| " + " | ".join(s) + " |"
    if layout == "lines":
        return "\n" + "\n".join(s) + "\n"
    if layout == "spaces":
        return " " + "   ".join(s) + " "
    return "".join(s)  # run together


def render(table3: dict[str, list[int]], table4: list[int], layout: str) -> str:
    out = [HEAD]
    for key, label in LABELS_2021:
        if layout == "pipes":
            out.append(f"| {label} {cells(table3[key], layout)}\n")
        else:
            out.append(label + cells(table3[key], layout) + ("\n" if layout == "lines" else ""))
    out.append(T4_HEAD)
    out.append(cells(table4, layout))
    out.append(TAIL)
    return "".join(out)


def render_by_columns(table3: dict[str, list[int]], table4: list[int], page_rows: int = 13,
                      total_before_other: bool = False, labels=LABELS_2021) -> str:
    """表三 as pdfminer prints a PDF table: each page's row labels, then its cells one column at a
    time, one number per line with blank lines between (and the page number between the pages)."""
    out = [HEAD]
    pages = [labels[:page_rows], labels[page_rows:]]
    for n, page in enumerate(pages):
        out.extend(label + "\n\n" for _, label in page)
        order = [0, 1, 2, 3, 4, 6, 5] if total_before_other and n == 0 else range(7)
        for c in order:
            out.extend(f"{table3[key][c]}\n\n" for key, _ in page)
        if n == 0:
            out.append(f"- {n + 3} -\n\n")
    out.append(T4_HEAD)
    out.append(cells(table4, "lines"))
    out.append(TAIL)
    return "".join(out)


def balanced(rows: dict[str, list[int]]) -> dict[str, list[int]]:
    """Complete results rows into a table whose totals and balances hold."""
    full = {}
    for key, _ in LABELS_2021:
        if key in ("total_processed", "new_requests"):
            continue
        base = rows.get(key, [0] * 6)
        full[key] = base[:6] + [sum(base[:6])]
    results = [k for k, _ in LABELS_2021[2:23]]
    total = [sum(full[k][c] for k in results) for c in range(7)]
    full["total_processed"] = total
    new = [total[c] + full["carried_forward"][c] - full["carried_over"][c] for c in range(7)]
    if min(new) < 0:
        full["carried_over"] = [0] * 7
        new = [total[c] + full["carried_forward"][c] for c in range(7)]
    full["new_requests"] = new
    return full
