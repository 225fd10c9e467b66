"""Loan lists from xlsx, xls and csv files → typed records and row-level problems (SPEC §5.3).

Plain Python: no streamlit, no sqlalchemy. This module holds the loan list's rules: its
columns and their synonyms, which spelling wins, the segment and township derivations, the
written-off marks, the list's date. The generic reading it shares with the visit records
(§5.4) and the repayment records (§5.6) lives elsewhere:

- core.tabular reads the file, bounded: `read_rows` gives the raw cells of the first
  visible sheet (or of a CSV), where ``rows[i]`` is the row the spreadsheet numbers ``i + 1``;
- core.sheet finds the header, reads title rows, skips blank and total rows and turns the
  rows below a header into field values and row-level problems;
- core.cells reads one cell: amounts, dates, flags, text keys, names.

Whatever a file holds, a problem is one line that quotes at most a short piece of a
cell, and a record fits the store: no control characters, no text longer than its
column, no date outside 1900–2099.

`read_loan_list` puts them together and never raises for bad input: a file that cannot
be read gives one file-level `Problem` (row None) in `ImportResult.errors`.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from itertools import islice

from core.cells import (
    CONTROL_CHARACTER,
    DATE_OUT_OF_RANGE,
    FIRST_DATE,
    LAST_DATE,
    LOST_DIGITS,
    MISSING,
    NAME_TOO_LONG,
    NEGATIVE_AMOUNT,
    TOO_LONG,
    Unit,
    amount_to_fen,
    cell_str,
    cell_text,
    half_width,
    is_empty,
    line_text,
    parse_amount,
    parse_date,
    parse_days,
    parse_flag,
    parse_key_text,
    shown,
    split_names,
)
from core.clocks import enforcement_status_of, guarantee_type_of
from core.loans import days_overdue_at, effective_class, id_check_digit_ok
from core.reasons import Reason
from core.records import RISK_CLASSES, SEGMENTS, ImportResult, LoanRecord, Problem
from core.sheet import (
    MAX_SHOWN,
    HeaderMatch,
    amount_units,
    cell_at,
    column_plan,
    convert_cells,
    data_rows,
    detect_unit,
    find_as_of,
    find_header,
    guess_header_index,
    header_label,
    is_total_row,
    limited,
    normalise_header,
    parse_as_of,
    shown_lines,
    summarise,
)
from core.tabular import (
    Engine,
    ImportFileError,
    Source,
    iter_rows,
    load,
    read_rows,
)

#: The generic reader's names, re-exported: callers of the loan list's reader may keep
#: importing them from here (core.cells, core.sheet and core.tabular hold them).
__all__ = [
    "CONTROL_CHARACTER",
    "DATE_OUT_OF_RANGE",
    "FIRST_DATE",
    "LAST_DATE",
    "LOST_DIGITS",
    "MAX_SHOWN",
    "MISSING",
    "NAME_TOO_LONG",
    "NEGATIVE_AMOUNT",
    "TOO_LONG",
    "Engine",
    "ImportFileError",
    "Source",
    "detect_unit",
    "find_header",
    "is_total_row",
    "normalise_header",
    "parse_amount",
    "parse_as_of",
    "read_rows",
    "shown_lines",
    "split_names",
    "summarise",
]

_SPACE_RE = re.compile(r"\s+")


# --- the loan list's columns (SPEC §5.3) ----------------------------------------------------

#: Internal field (LoanRecord's attribute) → accepted headers; the first is the name shown,
#: the last the field's English name (`--map principal=余额`). Real exports of Chinese bank
#: systems (信贷管理系统, core-system dumps, data platforms) use these spellings.
LOAN_FIELDS: dict[str, tuple[str, ...]] = {
    "loan_no": (
        "贷款账号",
        "借据号",
        "借据编号",
        "借据号码",
        "借据",
        "贷款借据号",
        "借款借据号",
        "借据流水号",
        "借据账号",
        "借据帐号",
        "借据代码",
        "贷款编号",
        "贷款号",
        "贷款帐号",
        "贷款账户",
        "贷款帐户",
        "贷款账户号",
        "贷款帐户号",
        "账号",
        "帐号",
        "账户号",
        "帐户号",
        "借款账号",
        "借款帐号",
        "客户账号",
        "贷款卡号",
        "业务编号",
        "业务号",
        "合同编号",
        "合同号",
        "借款合同号",
        "借款合同编号",
        "贷款合同号",
        "贷款合同编号",
        "合同号码",
        "loan_no",
    ),
    "borrower": (
        "借款人",
        "借款人姓名",
        "客户名称",
        "借款人名称",
        "客户姓名",
        "户名",
        "姓名",
        "客户名",
        "借款人户名",
        "借款户名",
        "借款客户",
        "借款客户名称",
        "借款人全称",
        "账户名称",
        "帐户名称",
        "账户名",
        "户主姓名",
        "债务人",
        "债务人名称",
        "债务人姓名",
        "主借款人",
        "借款单位",
        "借款企业",
        "借款企业名称",
        "贷款人姓名",
        "客户",
        "borrower",
    ),
    "id_number": (
        "证件号码",
        "身份证号",
        "身份证号码",
        "证件号",
        "身份证",
        "证件编号",
        "身份证件号码",
        "借款人证件号码",
        "借款人证件号",
        "借款人身份证号",
        "借款人身份证号码",
        "客户证件号码",
        "客户证件号",
        "客户身份证号",
        "客户身份证号码",
        "统一社会信用代码",
        "证件号码/统一社会信用代码",
        "id_number",
    ),
    "phone": (
        "联系电话",
        "手机号码",
        "电话",
        "手机号",
        "手机",
        "联系方式",
        "电话号码",
        "联系号码",
        "移动电话",
        "借款人电话",
        "借款人联系电话",
        "借款人手机号",
        "客户电话",
        "客户联系电话",
        "客户手机号",
        "联系手机",
        "phone",
    ),
    "segment": (
        "客户类型",
        "贷款类型",
        "客户类别",
        "客户性质",
        "借款人类型",
        "借款人类别",
        "贷款对象",
        "客户种类",
        "主体类型",
        "贷款客户类型",
        "segment",
    ),
    "principal_fen": (
        "贷款余额",
        "本金余额",
        "余额",
        "期末贷款余额",
        "期末余额",
        "结欠余额",
        "结欠本金",
        "借据余额",
        "当前余额",
        "贷款本金余额",
        "剩余本金",
        "未还本金",
        "尚欠本金",
        "所欠本金",
        "欠款余额",
        "欠本金额",
        "借款余额",
        "账户余额",
        "帐户余额",
        "不良贷款余额",
        "不良余额",
        "表内余额",
        "本金",
        "欠本",
        "当前表外余额",
        "表外余额",
        "表外本金",
        "核销本金",
        "核销金额",
        "已核销本金",
        "核销余额",
        "principal",
    ),
    "interest_fen": (
        "欠息",
        "应收未收利息",
        "欠息金额",
        "欠息余额",
        "欠息合计",
        "欠息总额",
        "累计欠息",
        "拖欠利息",
        "所欠利息",
        "尚欠利息",
        "结欠利息",
        "欠利息",
        "未收利息",
        "未还利息",
        "应还未还利息",
        "应收利息",
        "表内外欠息",
        "表内外欠息合计",
        "利息余额",
        "逾期利息",
        "应收欠息",
        "利息",
        "interest",
    ),
    "disbursed_on": (
        "放款日期",
        "发放日期",
        "发放日",
        "贷款日期",
        "放款时间",
        "发放时间",
        "放款日",
        "贷款发放日",
        "贷款发放日期",
        "借款日期",
        "起息日",
        "起息日期",
        "贷款起始日",
        "贷款起始日期",
        "借款起始日",
        "借款起始日期",
        "起始日期",
        "起始日",
        "借据起始日",
        "借据发放日",
        "借据起始日期",
        "开始日期",
        "合同起始日",
        "disbursed_on",
    ),
    "maturity_date": (
        "到期日期",
        "到期日",
        "贷款到期日",
        "贷款到期日期",
        "借据到期日",
        "借据到期日期",
        "到期时间",
        "借款到期日",
        "借款到期日期",
        "合同到期日",
        "合同到期日期",
        "约定到期日",
        "原到期日",
        "最终到期日",
        "贷款终止日",
        "终止日期",
        "结束日期",
        "maturity_date",
    ),
    "days_overdue": (
        "逾期天数",
        "逾期日数",
        "本金逾期天数",
        "贷款逾期天数",
        "逾期天数(天)",
        "days_overdue",
    ),
    "risk_class": (
        "五级分类",
        "风险分类",
        "资产分类",
        "五级形态",
        "五级分类结果",
        "五级分类形态",
        "风险分类结果",
        "五级分类状态",
        "贷款五级分类",
        "当前五级分类",
        "资产质量分类",
        "资产风险分类",
        "分类结果",
        "五级",
        "risk_class",
    ),
    "last_payment_on": (
        "最后还款日期",
        "最近还款日期",
        "上次还款日期",
        "最后还款日",
        "最近一次还款日期",
        "末次还款日期",
        "最后还款时间",
        "last_payment_on",
    ),
    "last_ack_on": (
        "最后催收签收日期",
        "最后催收日期",
        "最近催收日期",
        "催收签收日期",
        "最近催收时间",
        "最后催收时间",
        "催收通知书签收日期",
        "催收日期",
        "last_ack_on",
    ),
    "guarantee": (
        "担保方式",
        "担保类型",
        "借款方式",
        "贷款方式",
        "主担保方式",
        "担保形式",
        "贷款担保方式",
        "担保类别",
        "guarantee",
    ),
    "guarantors": (
        "保证人",
        "担保人",
        "保证人姓名",
        "担保人姓名",
        "保证人名称",
        "担保人名称",
        "guarantors",
    ),
    "guarantee_until": (
        "保证期间到期日",
        "保证期间截止日",
        "保证到期日",
        "保证期限到期日",
        "担保到期日",
        "保证期间届满日",
        "guarantee_until",
    ),
    "sued_on": ("诉讼日期", "起诉日期", "立案日期", "诉讼时间", "起诉时间", "sued_on"),
    "judgment_due_on": (
        "判决履行期限",
        "判决履行日期",
        "履行期限",
        "履行期限届满日",
        "判决履行期限届满日",
        "judgment_due_on",
    ),
    "township": (
        "乡镇",
        "乡镇(街道)",
        "所属乡镇",
        "乡镇名称",
        "所在乡镇",
        "乡镇街道",
        "乡(镇)",
        "乡/镇",
        "所属乡镇(街道)",
        "镇",
        "街道",
        "township",
    ),
    "village": (
        "村",
        "村(社区)",
        "行政村",
        "行政村组",
        "所属村",
        "村组",
        "村名",
        "所在村",
        "村社",
        "村(居)",
        "村居",
        "所属村组",
        "所属行政村",
        "社区",
        "village",
    ),
    "address": (
        "地址",
        "客户地址",
        "住址",
        "家庭住址",
        "居住地址",
        "家庭地址",
        "联系地址",
        "通讯地址",
        "现住址",
        "详细地址",
        "常住地址",
        "借款人地址",
        "户籍地址",
        "经营地址",
        "住所",
        "address",
    ),
    "manager": (
        "客户经理",
        "管户客户经理",
        "管理责任人",
        "第一责任人",
        "管户人",
        "管户经理",
        "客户经理姓名",
        "管户客户经理姓名",
        "管护人",
        "管护责任人",
        "包收责任人",
        "清收责任人",
        "信贷员",
        "经办客户经理",
        "主办客户经理",
        "责任客户经理",
        "贷款责任人",
        "责任人",
        "经办人",
        "manager",
    ),
    "written_off": (
        "是否核销",
        "已核销",
        "核销标志",
        "核销状态",
        "是否已核销",
        "核销标识",
        "表内外标志",
        "表内外标识",
        "表内表外",
        "written_off",
    ),
    "ethnicity": ("民族", "ethnicity"),
    "customer_type": ("客户分类", "customer_type"),
    "notes": ("备注", "说明", "备注说明", "情况说明", "notes"),
}

#: Columns read to derive or complete a loan's values, or known but not stored yet.
LOAN_EXTRA_FIELDS: dict[str, tuple[str, ...]] = {
    "product": (
        "贷款品种",
        "产品名称",
        "贷款产品",
        "业务品种",
        "贷款种类",
        "产品类型",
        "业务种类",
        "贷款产品名称",
        "产品",
        "品种",
        "业务类型",
        "贷款业务品种",
        "product",
    ),
    "purpose": ("贷款用途", "借款用途", "用途", "purpose"),
    "interest_on": ("表内欠息", "表内利息", "表内应收利息", "表内欠息余额", "interest_on"),
    "interest_off": (
        "表外欠息",
        "表外利息",
        "表外应收利息",
        "表外欠息余额",
        "催收利息",
        "interest_off",
    ),
    "written_off_on": ("核销日期", "核销时间", "核销日", "written_off_on"),
    "as_of": (
        "数据日期",
        "会计日期",
        "统计日期",
        "报表日期",
        "截至日期",
        "截止日期",
        "数据时间",
        "统计时间",
        "账务日期",
        "as_of",
    ),
    "guarantee_type": ("保证方式", "保证类型", "保证责任方式", "guarantee_type"),
    "enforcement_status": ("执行状态", "执行情况", "enforcement_status"),
    "enforcement_on": ("执行日期", "申请执行日期", "执行时间", "enforcement_on"),
}
#: Known fields a later issue stores (SPEC §5.3): read, then listed as not stored yet.
LOAN_KNOWN_UNUSED: tuple[str, ...] = ()
ALL_LOAN_FIELDS: dict[str, tuple[str, ...]] = {**LOAN_FIELDS, **LOAN_EXTRA_FIELDS}

#: When several columns match one field, the spelling ranked first wins and the others are
#: listed as a warning; columns of the same rank are an error (SPEC §5.3: 借据号 beats
#: 贷款账号, which beats 合同编号; a balance beats a 表外 balance).
LOAN_RANKED: dict[str, tuple[tuple[str, ...], ...]] = {
    "loan_no": (
        ("借据号", "借据编号", "借据号码", "借据", "贷款借据号", "借款借据号", "借据流水号",
         "借据账号", "借据帐号", "借据代码", "贷款编号", "贷款号", "loan_no"),
        ("贷款账号", "贷款帐号", "贷款账户", "贷款帐户", "贷款账户号", "贷款帐户号", "借款账号",
         "借款帐号", "贷款卡号", "业务编号", "业务号"),
        ("账号", "帐号", "账户号", "帐户号", "客户账号"),
    ),
    "principal_fen": (
        (),
        ("本金", "欠本"),
        ("当前表外余额", "表外余额", "表外本金", "核销本金", "核销金额", "已核销本金", "核销余额"),
    ),
    "maturity_date": ((), ("原到期日", "合同到期日", "合同到期日期", "终止日期", "结束日期")),
    "address": ((), ("户籍地址", "经营地址", "住所")),
    "manager": ((), ("责任人",), ("经办人",)),
    "borrower": ((), ("客户", "姓名")),
    "interest_fen": ((), ("逾期利息",), ("利息",)),
}  # fmt: skip

#: The fields a collection camp cannot live without (SPEC §5.3).
LOAN_REQUIRED = frozenset({"loan_no", "borrower", "principal_fen", "maturity_date"})
#: Fields where two columns of one rank are an error; for the others the first is used.
_STRICT_FIELDS = frozenset(LOAN_REQUIRED | {"interest_fen", "id_number"})
LOAN_AMOUNT_FIELDS = ("principal_fen", "interest_fen", "interest_on", "interest_off")
#: Field names on the command line (`--map FIELD=列名`): SPEC §5.3's English names.
FIELD_KEYS: dict[str, str] = {names[-1]: key for key, names in ALL_LOAN_FIELDS.items()}
_LOAN_DATE_FIELDS = (
    "disbursed_on",
    "maturity_date",
    "last_payment_on",
    "last_ack_on",
    "guarantee_until",
    "sued_on",
    "judgment_due_on",
    "written_off_on",
    "as_of",
    "enforcement_on",
)
_LOAN_TEXT_FIELDS = (
    "borrower",
    "guarantee",
    "township",
    "village",
    "manager",
    "ethnicity",
    "customer_type",
    "product",
    "purpose",
    "guarantee_type",
    "enforcement_status",
)
_LOAN_MULTILINE_FIELDS = ("address", "notes")
#: Headers that look like a field but are not it: never matched by similarity.
LOAN_DECOYS = (
    "逾期本金",
    "逾期金额",
    "贷款金额",
    "合同金额",
    "发放金额",
    "借款金额",
    "放款金额",
    "原始金额",
    "利率",
    "期限",
    "罚息",
    "复利",
    "已还",
    "收回",
    "累计还",
    "序号",
    "机构",
    "网点",
    "支行",
    "币种",
    "还款方式",
    "证件类型",
    "日期",
)

#: The loan number's second column is kept without a warning (loans_from_rows notes it).
_QUIET_SHADOW = ("loan_no",)

SEGMENT_ALIASES: dict[str, str] = {
    **{segment: segment for segment in SEGMENTS},
    "小微企业": "小微",
    "个人经营": "小微",
    "农户": "涉农",
    "个人消费": "个人",
}
#: Words that give a segment, in this order (SPEC §5.3): 涉农 first, then 小微, then 个人.
SEGMENT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("涉农", ("农户", "涉农", "种植", "养殖", "农业", "农民", "农场", "合作社", "惠农", "农机")),
    ("小微", ("个体工商户", "个体", "经营", "小微", "企业", "商户", "公司", "工商")),
    ("个人", ("消费", "自然人", "个人", "住房", "按揭", "装修", "助学", "汽车")),
)
UNCLASSIFIED_SEGMENT = "未分类"
UNASSIGNED_TOWNSHIP = "未分配"

#: The longest text of each loan field: the store's column widths (db.models.Loan).
LOAN_MAX_CHARS: dict[str, int] = {
    "loan_no": 64,
    "borrower": 100,
    "id_number": 32,
    "phone": 32,
    "guarantee": 32,
    "township": 100,
    "village": 100,
    "address": 255,
    "manager": 100,
    "ethnicity": 32,
    "customer_type": 32,
}

_WRITTEN_OFF_WORDS = ("表外", "核销")


def written_off_word(texts: Iterable[object]) -> str | None:
    """表外 or 核销 when a title (or a header) says the list is of written-off loans."""
    for text in texts:
        if isinstance(text, str):
            plain = _SPACE_RE.sub("", text)
            for word in _WRITTEN_OFF_WORDS:
                if word in plain and "未核销" not in plain and "表内外" not in plain:
                    return word
    return None


def parse_segment(value: object) -> str:
    """客户类型 as 小微, 涉农 or 个人, through SEGMENT_ALIASES (农户 → 涉农, ...)."""
    text = half_width(cell_str(value))
    segment = SEGMENT_ALIASES.get(text)
    if segment is None:
        raise Reason("cell.unknown_segment", value=shown(text), expected="、".join(SEGMENTS))
    return segment


def parse_risk_class(value: object) -> str:
    """五级分类 as 正常/关注/次级/可疑/损失; 次级类, 关注二级 (twelve-grade) and the like too."""
    text = half_width(cell_str(value))
    plain = text.replace(" ", "")
    for risk in RISK_CLASSES:
        if plain.startswith(risk):
            return risk
    raise Reason("cell.unknown_risk", value=shown(text), expected="、".join(RISK_CLASSES))


#: A resident ID (GB 11643); other shapes, such as a company's credit code, are not checked.
_ID18_RE = re.compile(r"\d{17}[\dX]")


# --- the loan list ---------------------------------------------------------------------------


def read_loan_list(
    source: Source,
    filename: str | None = None,
    *,
    engine: Engine = "calamine",
    mapping: Mapping[str, str] | None = None,
) -> ImportResult:
    """Read a loan list (SPEC §5.3) into records, errors and warnings; never raises for bad input.

    `filename` chooses the format by its extension when `source` is bytes or a file
    object; without one, the content decides (zip → xlsx, OLE → xls, markup → HTML
    table, else csv). `mapping` (field → column as written) overrides the detection.
    Segments and townships the file does not give stay None until `settle_loans`.
    """
    try:
        head, rest, sheet = open_loan_list(source, filename, engine=engine)
        result = loans_from_rows(head, rest=rest, mapping=mapping)
    except ImportFileError as exc:
        return ImportResult(errors=[exc.problem])
    if sheet:
        result.warnings.insert(0, Problem.coded(None, None, "warn.other_sheet", sheet=sheet + 1))
    return result


#: A workbook whose first visible sheet has no header (a cover or a summary): the next
#: visible sheets are tried, up to this many in all.
MAX_SHEETS = 5


def open_loan_list(
    source: Source, filename: str | None = None, *, engine: Engine = "calamine"
) -> tuple[list[list[object]], Iterator[list[object]], int]:
    """The first rows of the loan list, an iterator over the rest, and which visible sheet
    holds it: the first visible sheet, or a later one when the first has no header row."""
    data, name = load(source, filename)
    rows = iter_rows(data, name, engine=engine)
    first = (list(islice(rows, HEAD_ROWS)), rows, 0)
    _, problems = detect_mapping(first[0])
    if not problems or problems[0].code != "header.not_found":
        return first
    for sheet in range(1, MAX_SHEETS):
        try:
            rows = iter_rows(data, name, engine=engine, sheet=sheet)
        except ImportFileError:
            break  # no more sheets (or not a workbook)
        head = list(islice(rows, HEAD_ROWS))
        _, problems = detect_mapping(head)
        if not problems or problems[0].code != "header.not_found":
            return head, rows, sheet
    return first


#: The rows read before the rest of a list: the title and header rows, and one more for
#: a header on two rows.
HEAD_ROWS = 12


def detect_mapping(
    rows: Sequence[Sequence[object]], mapping: Mapping[str, str] | None = None
) -> tuple[HeaderMatch | None, list[Problem]]:
    """The loan list's header and the column of each field, as the import would take them."""
    return find_header(
        rows,
        ALL_LOAN_FIELDS,
        LOAN_REQUIRED,
        mapping=mapping,
        similar=True,
        strict=_STRICT_FIELDS,
        ranked=LOAN_RANKED,
        decoys=LOAN_DECOYS,
        quiet_shadow=_QUIET_SHADOW,
    )


def header_signature(headers: Iterable[object]) -> str:
    """The headers of a list, normalised and joined: the key a saved mapping profile matches.
    Control characters are left out: the rows tried may be data rows, and PostgreSQL
    cannot hold a NUL even in a query's parameter."""
    joined = "|".join(normalise_header(h) for h in headers if not is_empty(h))
    return "".join(ch for ch in joined if ch >= " " and ch != "\x7f")


def loans_from_rows(
    rows: Sequence[Sequence[object]],
    *,
    rest: Iterable[Sequence[object]] = (),
    mapping: Mapping[str, str] | None = None,
) -> ImportResult:
    """Records and problems from the raw rows of a loan list, as `read_rows` gives them;
    `rest` continues `rows` (the first rows in `rows`, the others read lazily)."""
    header, problems = detect_mapping(rows, mapping)
    above = rows[: header.index] if header else rows[:10]
    result = ImportResult()
    titled = find_as_of(above)
    if titled:
        result.as_of, result.as_of_source = titled[0], f"title:{titled[1]}"
    if header is None:
        result.errors.extend(problems)
        return result
    result.mapping = {key: header.labels[key] for key in header.labels}
    result.warnings.extend(header.warnings)

    parser = _LoanRowParser(header, amount_units(header, above, LOAN_AMOUNT_FIELDS))
    key_columns = (header.column_of("loan_no"), header.column_of("borrower"))
    anchor_columns = [
        c
        for c in (header.column_of(k) for k in ("loan_no", "borrower", "principal_fen"))
        if c is not None
    ]
    first_row_of: dict[str, int] = {}
    secondary = header.shadowed.get("loan_no")
    secondary_label = header_label(rows[header.index][secondary]) if secondary is not None else None
    if secondary_label:
        result.warnings.append(
            Problem.coded(
                None,
                None,
                "warn.secondary_key",
                primary=header.labels["loan_no"],
                secondary=secondary_label,
            )
        )
    principal_label = header.labels.get("principal_fen", "")
    written_off_by = written_off_word([c for row in above for c in row] + [principal_label])
    list_dates: list[date] = []
    skipped = 0
    written_off_marked = 0

    for row, cells in data_rows(rows, header, key_columns, rest=rest):
        if all(is_empty(cell_at(cells, column)) for column in anchor_columns):
            skipped += 1  # a note or a signature line below the list
            continue
        result.rows_read += 1
        values, errors, warnings = parser.parse(row, cells)
        loan_no = values.get("loan_no")
        if isinstance(loan_no, str):
            earlier = first_row_of.setdefault(loan_no, row)
            if earlier != row:
                errors.append(
                    Problem.coded(
                        row,
                        header.labels["loan_no"],
                        "loan.duplicate",
                        loan_no=loan_no,
                        first=earlier,
                    )
                )
        listed = values.pop("as_of", None)
        if isinstance(listed, date):
            list_dates.append(listed)
        notes = [values["notes"]] if isinstance(values.get("notes"), str) else []
        if secondary_label:
            account = cell_text(cell_at(cells, secondary))
            if account:
                notes.append(f"{secondary_label}：{account}")
        written_off_on = values.pop("written_off_on", None)
        if isinstance(written_off_on, date):
            values.setdefault("written_off", True)
            notes.append(f"核销日期：{written_off_on.isoformat()}")
        if written_off_by and "written_off" not in values:
            values["written_off"] = True
            written_off_marked += 1
        if notes:
            values["notes"] = "；".join(notes)
        _complete_interest(values)
        _settle_clock_words(values, row, header, warnings)
        for key in ("product", "purpose", *LOAN_KNOWN_UNUSED):
            values.pop(key, None)
        result.warnings.extend(warnings)
        if errors:
            result.errors.extend(errors)
        else:
            result.records.append(LoanRecord(row=row, **values))  # type: ignore[arg-type]

    if list_dates and not titled:
        first, last = min(list_dates), max(list_dates)
        result.as_of, result.as_of_source = last, f"column:{header.labels['as_of']}"
        if first != last:
            result.warnings.append(
                Problem.coded(
                    None,
                    None,
                    "warn.as_of_mixed",
                    label=header.labels["as_of"],
                    first=first.isoformat(),
                    last=last.isoformat(),
                )
            )
    result.warnings.extend(_column_warnings(header))
    if written_off_marked:
        result.warnings.append(
            Problem.coded(
                None, None, "warn.written_off_title", word=written_off_by, count=written_off_marked
            )
        )
    if skipped:
        result.warnings.append(Problem.coded(None, None, "warn.skipped_rows", count=skipped))
    segments = Counter(p.params for p in parser.derived)
    if parser.derived:
        detail = "、".join(f"{dict(k)['segment']} {n}" for k, n in sorted(segments.items()))
        result.warnings.append(
            Problem.coded(
                None,
                None,
                "warn.segment_derived",
                count=len(parser.derived),
                detail=detail,
            )
        )
    if result.rows_read == 0 and not result.errors:
        result.errors.append(Problem.coded(None, None, "rows.no_loans"))
    return result


def _complete_interest(values: dict[str, object]) -> None:
    """欠息 = 表内欠息 + 表外欠息 when the list gives only those two."""
    on = values.pop("interest_on", None)
    off = values.pop("interest_off", None)
    if "interest_fen" not in values and (on is not None or off is not None):
        values["interest_fen"] = int(on or 0) + int(off or 0)  # type: ignore[call-overload]


def _settle_clock_words(
    values: dict, row: int, header: HeaderMatch, warnings: list[Problem]
) -> None:
    """保证方式 and 执行状态 as SPEC §4.4 names them; an unknown word is a warning and
    left empty (the guarantee then takes the camp's default type)."""
    for key, settle, code in (
        ("guarantee_type", guarantee_type_of, "warn.guarantee_type"),
        ("enforcement_status", enforcement_status_of, "warn.enforcement_status"),
    ):
        text = values.get(key)
        if not isinstance(text, str) or not text.strip():
            values.pop(key, None)
            continue
        settled = settle(text)
        if settled is None:
            warnings.append(Problem.coded(row, header.labels.get(key), code, value=text))
            values.pop(key, None)
        else:
            values[key] = settled


def _column_warnings(header: HeaderMatch) -> list[Problem]:
    warnings = [
        Problem.coded(
            None,
            None,
            "warn.known_unused",
            column=header.labels[key],
            field=LOAN_EXTRA_FIELDS[key][0],
        )
        for key in LOAN_KNOWN_UNUSED
        if key in header.labels
    ]
    if header.unused:
        warnings.append(
            Problem.coded(None, None, "warn.unused_columns", columns="、".join(header.unused))
        )
    return warnings


def segment_from_words(*texts: object) -> str | None:
    """The segment the type or product words give (SPEC §5.3), else None."""
    joined = "".join(half_width(cell_str(t)) for t in texts if not is_empty(t))
    if not joined:
        return None
    for segment, words in SEGMENT_WORDS:
        if any(word in joined for word in words):
            return segment
    return None


#: Fields whose few values repeat on every row: one string object each (a long list's memory).
_REPEATED_FIELDS = ("township", "village", "manager", "guarantee", "ethnicity", "customer_type")


def _interned(value: object) -> str | None:
    text = line_text(value)
    return sys.intern(text) if text is not None else None


class _LoanRowParser:
    """Turns the cells of one data row into LoanRecord values, errors and warnings."""

    def __init__(self, header: HeaderMatch, units: Mapping[str, Unit]) -> None:
        self.labels = header.labels
        self.derived: list[Problem] = []  # one per loan whose segment came from words
        converters: dict[str, Callable[[object], object]] = {
            "loan_no": parse_key_text,
            "id_number": parse_key_text,
            "phone": line_text,
            "segment": line_text,
            "days_overdue": parse_days,
            "risk_class": parse_risk_class,
            "guarantors": split_names,
            "written_off": parse_flag,
            **{key: partial(amount_to_fen, unit=units[key]) for key in LOAN_AMOUNT_FIELDS},
            **{key: parse_date for key in _LOAN_DATE_FIELDS},
            **{key: line_text for key in _LOAN_TEXT_FIELDS},
            **{key: _interned for key in _REPEATED_FIELDS},
            **{key: cell_text for key in _LOAN_MULTILINE_FIELDS},
        }
        self.plan = column_plan(header, limited(converters, LOAN_MAX_CHARS), LOAN_REQUIRED)

    def parse(
        self, row: int, cells: Sequence[object]
    ) -> tuple[dict[str, object], list[Problem], list[Problem]]:
        values, errors = convert_cells(row, cells, self.plan, self.labels)
        warnings: list[Problem] = []
        id_number = values.get("id_number")
        if isinstance(id_number, str) and _ID18_RE.fullmatch(id_number.upper()):
            values["id_number"] = id_number = id_number.upper()
            if not id_check_digit_ok(id_number):
                warnings.append(Problem.coded(row, self.labels["id_number"], "loan.id_check"))
        written = values.get("segment")
        segment = SEGMENT_ALIASES.get(half_width(written)) if isinstance(written, str) else None
        if segment is None:
            segment = segment_from_words(written, values.get("product"), values.get("purpose"))
            if segment is not None:
                self.derived.append(
                    Problem.coded(row, None, "warn.segment_derived", segment=segment)
                )
        if segment is None:
            values.pop("segment", None)
        else:
            values["segment"] = segment
        return values, errors, warnings


# --- completing a list with the camp's places and defaults -----------------------------------

_PLACE_SUFFIX_RE = re.compile(r"街道办事处|街道|镇|乡")
_COUNTY_MARKS = "省市县区旗州盟"


def township_from_text(text: str | None, territories: Sequence[str]) -> str | None:
    """The township an address or village text names: a camp territory it contains (the
    longest), else a place ending in 镇, 乡 or 街道 after the county part, else None."""
    if not text:
        return None
    plain = _SPACE_RE.sub("", half_width(text))
    for territory in sorted(territories, key=len, reverse=True):
        if territory and territory in plain:
            return territory
    found = _PLACE_SUFFIX_RE.search(plain)
    if not found:
        return None
    head = plain[: found.start()]
    name = head[max(head.rfind(mark) for mark in _COUNTY_MARKS) + 1 :]
    if not 1 <= len(name) <= 6 or not all("\u4e00" <= c <= "\u9fff" for c in name):
        return None
    return name + found.group().replace("街道办事处", "街道")


def settle_loans(
    result: ImportResult,
    *,
    territories: Sequence[str] = (),
    default_segment: str | None = None,
    list_date: date | None = None,
) -> ImportResult:
    """The result with every segment and township set (its records are replaced in place),
    and the warnings that say how.

    A segment the list does not give becomes the camp's `default_segment`, else 未分类;
    a township the list does not give is taken from the address or village text
    (`township_from_text`), else 未分配. With `list_date`, a listed five-category class
    better than the overdue floor (§4.3) is counted in one warning. Each derivation is
    one warning with a count, never an error.
    """
    records = result.records  # changed in place: a long list is not held twice
    default = default_segment or UNCLASSIFIED_SEGMENT
    no_segment = from_text = unassigned = 0
    floor_hits: list[tuple[LoanRecord, str]] = []
    for index, record in enumerate(records):
        changes: dict[str, object] = {}
        if not record.segment:
            changes["segment"] = default
            no_segment += 1
        if not record.township:
            place = township_from_text(record.village, territories) or township_from_text(
                record.address, territories
            )
            if place is not None and len(place) <= LOAN_MAX_CHARS["township"]:
                changes["township"] = place
                from_text += 1
            else:
                changes["township"] = UNASSIGNED_TOWNSHIP
                unassigned += 1
        if list_date is not None and record.risk_class:
            days = record.days_overdue
            if days is None:
                days = days_overdue_at(record.maturity_date, list_date)
            floor, flagged = effective_class(record.risk_class, days)
            if flagged:
                floor_hits.append((record, floor))
        if changes:
            records[index] = replace(record, **changes)  # type: ignore[arg-type]
    warnings = list(result.warnings)
    if no_segment:
        warnings.append(
            Problem.coded(None, None, "warn.segment_default", count=no_segment, segment=default)
        )
    if from_text:
        warnings.append(Problem.coded(None, None, "warn.township_derived", count=from_text))
    if unassigned:
        warnings.append(Problem.coded(None, None, "warn.township_unassigned", count=unassigned))
    if floor_hits:
        first, floor = floor_hits[0]
        warnings.append(
            Problem.coded(
                None,
                None,
                "warn.class_floor",
                count=len(floor_hits),
                loan_no=first.loan_no,
                listed=first.risk_class,
                floor=floor,
            )
        )
    result.warnings = warnings
    return result


# --- the mapping shown on /setup -------------------------------------------------------------


@dataclass(frozen=True)
class FieldPreview:
    """One of our fields on /setup: the column it is read from and a few sample values."""

    key: str  # the internal field (LoanRecord attribute or extra field)
    name: str  # the field's Chinese name
    required: bool
    column: str | None  # the column as written, None when no column was found
    samples: str  # up to three values of that column, joined by " | "


def mapping_preview(
    rows: Sequence[Sequence[object]], mapping: Mapping[str, str] | None = None, samples: int = 3
) -> tuple[list[FieldPreview], list[str], list[Problem], int | None]:
    """Each field with the column the import would take and sample values; the file's
    column names (to choose from); the header problems, if any; the header's index."""
    _, problems = detect_mapping(rows, mapping)
    # what was found even when a required column is missing: the admin completes it
    header, _ = find_header(
        rows,
        ALL_LOAN_FIELDS,
        (),
        mapping=mapping,
        similar=True,
        strict=(),
        ranked=LOAN_RANKED,
        decoys=LOAN_DECOYS,
        quiet_shadow=_QUIET_SHADOW,
    )
    index = header.index if header else guess_header_index(rows)
    if index is None:
        return [], [], problems, None
    columns = [header_label(c) for c in rows[index] if not is_empty(c)]
    below = rows[index + 1 : index + 1 + 50]
    previews = []
    where = {normalise_header(c): i for i, c in enumerate(rows[index]) if not is_empty(c)}
    for key, names in ALL_LOAN_FIELDS.items():
        label = header.labels.get(key) if header else (mapping or {}).get(key)
        column = where.get(normalise_header(label)) if label else None
        values: list[str] = []
        if column is not None:
            for cells in below:
                text = line_text(cell_at(cells, column))
                if text and shown(text) not in values:
                    values.append(shown(text))
                if len(values) >= samples:
                    break
        previews.append(
            FieldPreview(key, names[0], key in LOAN_REQUIRED, label, " | ".join(values))
        )
    return previews, columns, problems, index
