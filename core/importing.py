"""Loan lists from xlsx, xls and csv files → typed records and row-level problems (SPEC §5.3).

Plain Python: no streamlit, no sqlalchemy. The reading steps are separate, well-named
helpers so the visit-record importer (§5.4) can reuse them:

- `read_rows` gives the raw cells of the first visible sheet (or of a CSV), one list per
  row, where ``rows[i]`` is the row the spreadsheet numbers ``i + 1``;
- `find_header` finds the header row among the first rows and maps columns to fields;
- `parse_date`, `parse_amount`, `split_names`, `line_text`, `is_total_row`, `detect_unit`
  and `parse_as_of` read single cells or title rows; `shown` quotes a cell in a problem;
- `amount_units`, `data_rows`, `column_plan`, `limited` and `convert_cells` turn the rows
  below a header into field values and row-level problems.

Whatever a file holds, a problem is one line that quotes at most a short piece of a
cell, and a record fits the store: no control characters, no text longer than its
column, no date outside 1900–2099.

`read_loan_list` puts them together and never raises for bad input: a file that cannot
be read gives one file-level `Problem` (row None) in `ImportResult.errors`.
"""

from __future__ import annotations

import difflib
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from itertools import islice
from typing import Literal

from core.clocks import enforcement_status_of, guarantee_type_of
from core.limits import MAX_YUAN
from core.loans import days_overdue_at, effective_class, id_check_digit_ok
from core.money import YUAN_PER_WAN, to_decimal, wan_to_fen, yuan_to_fen
from core.reasons import Reason, render
from core.records import RISK_CLASSES, SEGMENTS, ImportResult, LoanRecord, Problem
from core.tabular import (
    Engine,
    ImportFileError,
    Source,
    column_letter,
    iter_rows,
    load,
    read_rows,
)

__all__ = ["Engine", "ImportFileError", "Source", "read_rows"]  # the reader, re-exported

Unit = Literal["wan", "yuan"]


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
_RANKED: dict[str, tuple[tuple[str, ...], ...]] = {
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
_DECOYS = (
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

MISSING = "required value missing"
TOO_LONG = "too long: {length} characters, at most {limit}"
NAME_TOO_LONG = "a name longer than {limit} characters"
CONTROL_CHARACTER = "control character U+{code:04X} in the cell: retype the value"
LOST_DIGITS = "number lost digits: stored as a number by the spreadsheet; export the column as text"
NEGATIVE_AMOUNT = "negative amount"
DATE_OUT_OF_RANGE = "date out of range"

_MAX_YUAN = MAX_YUAN  # far above any loan; keeps fen inside a BIGINT (core.limits)
_MAX_DAYS = 99_999

#: The dates a cell may hold. Others are typing errors or placeholders such as 9999-12-31,
#: and the legal clocks (core.loans) add years to these dates.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2099, 12, 31)

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

# --- headers ---------------------------------------------------------------------------------

_SPACE_RE = re.compile(r"\s+")
_TRAILING_UNIT_RE = re.compile(r"^(.+?)\(([^()]*)\)$")
_MARKS_RE = re.compile(r"^[*＊※#]+|[*＊※:：]+$")


def normalise_header(text: object) -> str:
    """A header as compared: NFKC (full-width → half-width), no whitespace, case-folded,
    without the * or ： a template puts around it."""
    text = _SPACE_RE.sub("", unicodedata.normalize("NFKC", _cell_str(text))).casefold()
    return _MARKS_RE.sub("", text).replace("【", "(").replace("】", ")")


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and which column holds which field."""

    index: int  # rows[index] is the header row
    columns: dict[int, str]  # column index → field
    labels: dict[str, str]  # field → the header as written in the file
    units: dict[str, str]  # field → the unit in its header's trailing parentheses
    #: Columns the file has that no field took, as written (for the "not used" warning).
    unused: tuple[str, ...] = ()
    #: Warnings about the mapping: a similar name taken, a lower-ranked column left out.
    warnings: tuple[Problem, ...] = ()
    #: field → the column left out because a better-ranked spelling was present.
    shadowed: dict[str, int] = dc_field(default_factory=dict)

    @property
    def row(self) -> int:
        """The header's row number as the sheet numbers it."""
        return self.index + 1

    def column_of(self, field: str) -> int | None:
        for column, name in self.columns.items():
            if name == field:
                return column
        return None


def _rank(field: str, name: str) -> int:
    tiers = _RANKED.get(field)
    if not tiers:
        return 0
    normal = normalise_header(name)
    fallback = len(tiers)
    for index, tier in enumerate(tiers):
        if not tier:
            fallback = index
        elif normal in {normalise_header(n) for n in tier}:
            return index
    return fallback


def _lookup(fields: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, int]]:
    lookup: dict[str, tuple[str, int]] = {}
    for key, names in fields.items():
        for name in names:
            lookup.setdefault(normalise_header(name), (key, _rank(key, name)))
    return lookup


def find_header(
    rows: Sequence[Sequence[object]],
    fields: Mapping[str, tuple[str, ...]],
    required: Iterable[str],
    max_scan: int = 10,
    *,
    mapping: Mapping[str, str] | None = None,
    similar: bool = False,
    strict: Iterable[str] | None = None,
) -> tuple[HeaderMatch | None, list[Problem]]:
    """Find the header among the first `max_scan` rows and map its columns to fields.

    A cell matches a field when its normalised text equals one of the field's names
    exactly, or else does so once a trailing unit in parentheses is removed
    (``贷款余额(万元)`` → 贷款余额, unit 万元). The header is the row matching the most
    fields (at least two). `mapping` (field → column as written) assigns columns
    first; with `similar`, a column matching nothing takes a field still missing whose
    name it closely resembles (a warning says so). Two columns for one field: the
    better-ranked spelling wins (a warning), equal ranks are an error for the fields in
    `strict` (all fields when None) and the first column otherwise. Returns the match
    and no problems, or None and file-level problems: header not found, two columns for
    one field, required columns missing (naming the accepted names and the closest column).
    """
    lookup = _lookup(fields)
    assigned = {normalise_header(column): key for key, column in (mapping or {}).items()}
    needed = set(required)
    strict_fields = set(fields) if strict is None else set(strict)

    best: tuple[int, dict[int, tuple[str, str | None, int]]] | None = None
    best_count = 1  # a header matches at least two fields
    for index, row in enumerate(rows[:max_scan]):
        matched: dict[int, tuple[str, str | None, int]] = {}
        for column, cell in enumerate(row):
            hit = _match_header(cell, lookup, assigned)
            if hit is not None:
                matched[column] = hit
        count = len({hit[0] for hit in matched.values()})
        if count > best_count:
            best, best_count = (index, matched), count

    if best is None:
        shown_names = "、".join(fields[key][0] for key in fields if key in needed)
        return None, [
            Problem.coded(None, None, "header.not_found", max_scan=max_scan, expected=shown_names)
        ]

    index, matched = best
    header_row: Sequence[object] = rows[index]
    two_rows = _sub_header(rows, index, matched, lookup, assigned)
    if two_rows is not None:
        index, matched, header_row = two_rows
    problems: list[Problem] = []
    warnings: list[Problem] = []
    present = {normalise_header(c) for c in header_row if isinstance(c, str)}
    for key, column in (mapping or {}).items():
        if normalise_header(column) not in present:
            problems.append(
                Problem.coded(
                    None,
                    None,
                    "header.map_unknown_column",
                    column=column,
                    field=fields.get(key, (key,))[0],
                )
            )
    if similar:
        taken = {hit[0] for hit in matched.values()}
        for column, cell in enumerate(header_row):
            if column in matched or not isinstance(cell, str) or not cell.strip():
                continue
            guess = _similar_field(cell, fields, taken)
            if guess is not None:
                matched[column] = (guess, None, 9)
                taken.add(guess)
                similar_to = fields[guess][0]
                warnings.append(
                    Problem.coded(
                        None, None, "warn.similar_column", column=_label(cell), field=similar_to
                    )
                )

    columns: dict[int, str] = {}
    labels: dict[str, str] = {}
    units: dict[str, str] = {}
    chosen: dict[str, tuple[int, int]] = {}  # field → (column, rank)
    shadowed: dict[str, int] = {}
    for column, (key, unit, rank) in sorted(matched.items()):
        label = _label(header_row[column])
        if key in chosen:
            other, other_rank = chosen[key]
            if rank == other_rank and key in strict_fields:
                problems.append(
                    Problem.coded(
                        None,
                        None,
                        "header.two_columns",
                        a=column_letter(other),
                        a_label=labels[key],
                        b=column_letter(column),
                        b_label=label,
                        field=fields[key][0],
                    )
                )
                continue
            if rank >= other_rank:  # the column already chosen stays
                shadowed.setdefault(key, column)
                continue
            shadowed[key] = other
            del columns[other]
            units.pop(key, None)
        chosen[key] = (column, rank)
        columns[column] = key
        labels[key] = label
        if unit:
            units[key] = unit
    for key, column in shadowed.items():
        if key != "loan_no":  # the loan number's second column is kept (see loans_from_rows)
            warnings.append(
                Problem.coded(
                    None,
                    None,
                    "warn.shadowed",
                    column=_label(header_row[column]),
                    field=fields[key][0],
                    used=labels[key],
                )
            )
    for key in fields:
        if key in needed and key not in labels:
            problems.append(_missing_column(key, fields, header_row, set(columns)))
    if problems:
        return None, problems
    unused = tuple(
        _label(cell)
        for column, cell in enumerate(header_row)
        if column not in columns and column not in shadowed.values() and not _is_empty(cell)
    )
    return HeaderMatch(
        index=index,
        columns=columns,
        labels=labels,
        units=units,
        unused=unused,
        warnings=tuple(warnings),
        shadowed=shadowed,
    ), []


def _sub_header(
    rows: Sequence[Sequence[object]],
    index: int,
    matched: dict[int, tuple[str, str | None, int]],
    lookup: Mapping[str, tuple[str, int]],
    assigned: Mapping[str, str],
) -> tuple[int, dict[int, tuple[str, str | None, int]], list[object]] | None:
    """A header on two rows (欠息 merged over 表内 and 表外): the columns of both, or None.

    The row below the header is a second header row when it holds only text, each of its
    cells names a field alone or together with the merged cell above it (表内 + 欠息 →
    表内欠息), and it leaves empty the columns the first row names on its own.
    """
    if index + 1 >= len(rows):
        return None
    top, sub = rows[index], rows[index + 1]
    texts = {c: cell for c, cell in enumerate(sub) if not _is_empty(cell)}
    if not texts or any(not isinstance(cell, str) for cell in texts.values()):
        return None
    parents: dict[int, int] = {}
    last = None
    for column in range(max(len(top), len(sub))):
        if column < len(top) and not _is_empty(top[column]):
            last = column
        if column in texts and last is not None:
            parents[column] = last
    groups = set(parents.values())
    under_merge = any(column >= len(top) or _is_empty(top[column]) for column in texts)
    filled = sum(1 for column in matched if column in texts)
    if not under_merge or filled * 2 > len(matched):
        return None  # a data row: it fills the columns the header names
    hits: dict[int, tuple[str, str | None, int]] = {}
    labels = [_label(cell) for cell in top] + [""] * max(0, len(sub) - len(top))
    for column, cell in texts.items():
        parent = _label(top[parents[column]]) if column in parents else ""
        child = _label(cell)
        for candidate in (child + parent, parent + child, child):
            hit = _match_header(candidate, lookup, assigned)
            if hit is not None:
                hits[column] = hit
                break
        else:
            return None  # every cell of a second header row names a field
        labels[column] = f"{parent} {child}".strip()
    if not hits:
        return None
    combined = {c: hit for c, hit in matched.items() if c not in groups}
    combined.update(hits)
    return index + 1, combined, labels


def _label(cell: object) -> str:
    return " ".join(_cell_str(cell).split())  # one line in messages


def _missing_column(
    key: str, fields: Mapping[str, tuple[str, ...]], header_row: Sequence[object], used: set[int]
) -> Problem:
    names = fields[key]
    accepted = "、".join(names[:8]) + ("…" if len(names) > 8 else "")
    closest = None
    best = 0.0
    for column, cell in enumerate(header_row):
        if column in used or not isinstance(cell, str) or not cell.strip():
            continue
        text = normalise_header(cell)
        for name in names:
            ratio = difflib.SequenceMatcher(None, text, normalise_header(name)).ratio()
            if ratio > best:
                best, closest = ratio, _label(cell)
    if closest is not None and best >= 0.5:
        return Problem.coded(
            None,
            None,
            "header.missing_closest",
            field=names[0],
            closest=closest,
            key=names[-1],
            accepted=accepted,
        )
    return Problem.coded(None, None, "header.missing", field=names[0], accepted=accepted)


def _similar_field(cell: str, fields: Mapping[str, tuple[str, ...]], taken: set[str]) -> str | None:
    """The field a header closely resembles (ratio ≥ 0.8), not one already taken; no decoys."""
    text = normalise_header(cell)
    unit = _TRAILING_UNIT_RE.match(text)
    if unit:
        text = unit.group(1)
    if len(text) < 3 or any(decoy in text for decoy in _DECOYS):
        return None
    best_key, best = None, 0.0
    for key, names in fields.items():
        if key in taken:
            continue
        for name in names:
            normal = normalise_header(name)
            if abs(len(normal) - len(text)) > 1:
                continue  # 贷款客户 is not 贷款客户类型
            ratio = difflib.SequenceMatcher(None, text, normal).ratio()
            if ratio > best:
                best_key, best = key, ratio
    return best_key if best >= 0.8 else None


def _match_header(
    cell: object, lookup: Mapping[str, tuple[str, int]], assigned: Mapping[str, str]
) -> tuple[str, str | None, int] | None:
    if not isinstance(cell, str) or not cell.strip():
        return None
    text = normalise_header(cell)
    if text in assigned:
        return assigned[text], None, -1
    hit = lookup.get(text)
    if hit is not None:
        return hit[0], None, hit[1]
    parts = _TRAILING_UNIT_RE.match(text)
    if parts:
        unit = parts.group(2)
        if parts.group(1) in assigned:
            return assigned[parts.group(1)], unit, -1
        hit = lookup.get(parts.group(1))
        if hit is not None:
            return hit[0], unit, hit[1]
    if _ALTERNATIVES_RE.search(text):  # 借款人姓名/名称, 证件号码|统一社会信用代码
        for part in _ALTERNATIVES_RE.split(text):
            hit = lookup.get(part)
            if hit is not None:
                return hit[0], None, hit[1]
    return None


_ALTERNATIVES_RE = re.compile(r"[/|、]")


_column_letter = column_letter


def unit_of(text: str | None) -> Unit | None:
    """'wan' for a unit text carrying 万 (万元), 'yuan' for 元, else None."""
    if not text:
        return None
    if "万" in text:
        return "wan"
    if "元" in text:
        return "yuan"
    return None


# --- title rows ------------------------------------------------------------------------------

_UNIT_RE = re.compile(r"单位\s*:?\s*\(?\s*(?:人民币)?\s*(万元|万|元)")
_AS_OF_RE = re.compile(
    r"(?P<label>数据日期|会计日期|统计日期|报表日期|账务日期|截止日期|截至日期|数据时间|截止|截至)"
    r"\s*[:：]?\s*(?P<rest>.*)"
)
_DATE_IN_TEXT_RE = re.compile(
    r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?|\d{8}"
)


def detect_unit(rows_above_header: Iterable[Sequence[object]]) -> Unit | None:
    """The amount unit a title row states (单位：万元, 单位:元, 单位（万元）...), else None."""
    for row in rows_above_header:
        for cell in row:
            if isinstance(cell, str) and "单位" in cell:
                found = _UNIT_RE.search(unicodedata.normalize("NFKC", cell))
                if found:
                    return "wan" if "万" in found.group(1) else "yuan"
    return None


def parse_as_of(rows_above_header: Iterable[Sequence[object]]) -> date | None:
    """The list's date from a title row (数据日期：2026-11-20, 截至2026年11月20日...), else None.

    The date may follow the label in the same cell or sit in the next non-empty cell.
    """
    found = find_as_of(rows_above_header)
    return found[0] if found else None


def find_as_of(rows_above_header: Iterable[Sequence[object]]) -> tuple[date, str] | None:
    """The list's date from a title row and the label that gave it (数据日期, 截至...)."""
    for row in rows_above_header:
        for column, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            found = _AS_OF_RE.search(unicodedata.normalize("NFKC", cell))
            if not found:
                continue
            rest = found.group("rest").strip()
            candidates: list[object] = []
            in_text = _DATE_IN_TEXT_RE.match(rest)
            if in_text:
                candidates.append(in_text.group(0))
            elif not rest:
                candidates.extend(c for c in row[column + 1 :] if not _is_empty(c))
            for candidate in candidates[:1]:
                try:
                    return parse_date(candidate), found.group("label")
                except ValueError:
                    pass
    return None


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


# --- rows ------------------------------------------------------------------------------------

_TOTAL_MARKERS = ("合计", "总计", "小计")
_COUNT_ROW_RE = re.compile(r"^(?:共|总)?(?:条数|笔数|户数|总笔数|总户数|记录数)|^共\d+(?:笔|条|户)")


def is_blank_row(cells: Sequence[object], columns: Iterable[int] | None = None) -> bool:
    """Whether the row's cells (or only those in `columns`, the recognised ones) are empty."""
    if columns is None:
        return all(_is_empty(cell) for cell in cells)
    return all(_is_empty(_cell(cells, column)) for column in columns)


def is_total_row(cells: Sequence[object]) -> bool:
    """Whether a cell of the row is a total: 合计, 总计, 小计 (城关支行小计, 分行合计) or a count
    (条数：200, 笔数, 共200笔)."""
    return any(_is_total_cell(cell) for cell in cells)


def _is_total_cell(cell: object) -> bool:
    if not isinstance(cell, str) or len(cell) > 40:
        return False
    if "计" not in cell and "数" not in cell and "共" not in cell:
        return False
    text = _SPACE_RE.sub("", cell)
    if "计" in text and any(marker in text for marker in _TOTAL_MARKERS):
        return True
    return bool(_COUNT_ROW_RE.match(text))


def split_names(text: object) -> tuple[str, ...]:
    """Names separated by 、 , ， ; ； or / (full-width too), trimmed, empty ones dropped.

    A line break inside a name becomes a space.
    """
    if _is_empty(text):
        return ()
    names = (_LINE_BREAK_RE.sub(" ", p.strip()) for p in _NAME_SEP_RE.split(_cell_str(text)))
    return tuple(name for name in names if name)


_NAME_SEP_RE = re.compile(r"[、,，;；/／]")


# --- cells -----------------------------------------------------------------------------------


#: What exports put in an empty cell.
_PLACEHOLDERS = frozenset({"-", "--", "—", "——", "/", "\\", "－", "null", "NULL", "None"})


def _is_empty(value: object) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or (len(text) <= 4 and text in _PLACEHOLDERS)
    return False


def _cell_str(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def cell_text(value: object) -> str | None:
    """A cell as trimmed text, None when empty; integer-valued numbers lose their '.0'."""
    if _is_empty(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_LINE_BREAK_RE = re.compile(r"\s*[\r\n]+\s*")


def line_text(value: object) -> str | None:
    """A cell as trimmed text on one line (a line break typed inside it becomes a space).

    For names, places and codes; addresses and notes keep their line breaks (`cell_text`).
    """
    text = cell_text(value)
    return None if text is None else _LINE_BREAK_RE.sub(" ", text)


_SHOWN_CHARS = 40


def shown(value: object) -> str:
    """A cell as a problem quotes it: on one line and at most 40 characters ('empty' for none)."""
    if isinstance(value, int) and value.bit_length() > 128:
        return "a number too large to show"
    text = " ".join((cell_text(value) or "").split())
    if len(text) > _SHOWN_CHARS:
        return text[: _SHOWN_CHARS - 1] + "…"
    return text or "empty"


def _nfkc(text: str) -> str:
    """Full-width digits, letters and punctuation made half-width, trimmed."""
    if text.isascii():
        return text.strip()
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()


_SCIENTIFIC_RE = re.compile(r"[+-]?\d+(?:\.\d*)?[eE][+-]\d+|[+-]?\d+\.\d*[eE]\d+")
_FLOAT_TEXT_RE = re.compile(r"(\d+)\.0*")
_EXCEL_TEXT_RE = re.compile(r'="(.*)"')


def parse_key_text(value: object) -> str:
    """A loan or ID number as text; raises ValueError(LOST_DIGITS) when digits were lost.

    A spreadsheet number of 16 or more digits, or text in scientific notation
    (1.1e+17, 8.2E+15), has lost digits. A shorter integer-valued number becomes its
    integer text (12345.0 → '12345').
    """
    if isinstance(value, bool):
        raise Reason("cell.not_text", value=value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            if value != value or value in (float("inf"), float("-inf")):
                raise Reason("cell.not_number")
            return repr(value)
        if abs(int(value)) >= 10**15:  # 16 digits or more
            raise Reason("cell.lost_digits")
        return str(int(value))
    text = _nfkc(_cell_str(value))
    wrapped = _EXCEL_TEXT_RE.fullmatch(text)
    if wrapped:
        text = wrapped.group(1).strip()
    text = text.lstrip("'").strip()
    if _SCIENTIFIC_RE.fullmatch(text):
        raise Reason("cell.lost_digits")
    as_float = _FLOAT_TEXT_RE.fullmatch(text)
    if as_float:
        if len(as_float.group(1)) >= 16:
            raise Reason("cell.lost_digits")
        return as_float.group(1)
    return _LINE_BREAK_RE.sub(" ", text)


_GROUPED_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_PLAIN_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def parse_amount(value: object, *, negative_ok: bool = False) -> Decimal:
    """An amount as an exact Decimal; raises ValueError with a short reason.

    Numbers from a spreadsheet go through their shortest repr (0.467341 stays
    0.467341). Text may use thousands separators and full-width digits and
    punctuation (１２．５，); a leading ¥ is dropped. Negative amounts are refused
    unless `negative_ok`.
    """
    if isinstance(value, bool) or _is_empty(value):
        raise Reason("cell.not_amount", value=shown(value))
    if isinstance(value, int | float | Decimal):
        amount = to_decimal(value)
        if not amount.is_finite():
            raise Reason("cell.not_amount", value=shown(value))
    elif isinstance(value, str):
        text = _nfkc(value).lstrip("¥￥").strip()
        if "," in text:
            if not _GROUPED_RE.fullmatch(text):
                raise Reason("cell.not_amount", value=shown(value))
            text = text.replace(",", "")
        if not _PLAIN_NUMBER_RE.fullmatch(text):
            raise Reason("cell.not_amount", value=shown(value))
        amount = Decimal(text)
    else:
        raise Reason("cell.not_amount", value=shown(value))
    if amount < 0 and not negative_ok:
        raise Reason("cell.negative")
    return amount


def amount_to_fen(value: object, unit: Unit) -> int:
    """A non-negative amount cell in 万元 or 元 → exact integer fen (half-up at the fen)."""
    amount = parse_amount(value)
    if amount >= (_MAX_YUAN / YUAN_PER_WAN if unit == "wan" else _MAX_YUAN):
        raise Reason("cell.too_large")
    return wan_to_fen(amount) if unit == "wan" else yuan_to_fen(amount)


_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:\.0*)?"),
)
_TIME_SUFFIX_RE = re.compile(r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date:
    """A date cell: an Excel date, 2026-05-06, 2026/5/6, 2026.5.6, 2026年5月6日, 20260506.

    20260506 may be text or a number. Datetimes give their date (also a time after a
    text date); a five-digit number is taken as an Excel serial date that lost its
    format. Raises ValueError with a short English reason ("not a date: ...",
    "not a calendar date: ...", "date out of range: ..." before 1900 or after 2099).
    """
    day = _date_of(value)
    check_date_range(day, value)
    return day


def check_date_range(day: date, value: object) -> None:
    """ValueError unless `day` (read from the cell `value`) lies in 1900–2099."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise Reason(
            "cell.date_range", value=shown(value), first=FIRST_DATE.year, last=LAST_DATE.year
        )


def _date_of(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or _is_empty(value):
        raise Reason("cell.not_date", value=shown(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise Reason("cell.not_date", value=shown(value))
        number = int(value)
        if 10_000_000 <= number <= 99_999_999:
            return _make_date(number // 10000, number // 100 % 100, number % 100, str(number))
        if 20_000 <= number <= 99_999:
            return _EXCEL_EPOCH + timedelta(days=number)
        raise Reason("cell.not_date", value=shown(number))
    if not isinstance(value, str):
        raise Reason("cell.not_date", value=shown(value))
    text = _nfkc(value)
    for pattern in _DATE_PATTERNS:
        found = pattern.match(text)
        if found and _TIME_SUFFIX_RE.fullmatch(text[found.end() :]):
            year, month, day = (int(found.group(g)) for g in ("y", "m", "d"))
            return _make_date(year, month, day, shown(value))
    raise Reason("cell.not_date", value=shown(value))


def _make_date(year: int, month: int, day: int, quoted: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise Reason("cell.not_calendar_date", value=quoted) from None


def parse_flag(value: object) -> bool:
    """是/否, Y/N, 1/0 in any case (and spreadsheet booleans); empty is 否."""
    if _is_empty(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = _nfkc(_cell_str(value)).casefold()
    if text in ("是", "y", "1", "yes", "true", "表外", "已核销", "核销"):
        return True
    if text in ("否", "n", "0", "no", "false", "表内", "未核销", "正常"):
        return False
    raise Reason("cell.not_flag", value=shown(value))


_WHOLE_RE = re.compile(r"[+-]?\d+(?:\.0*)?")


def parse_days(value: object) -> int:
    """A non-negative whole number of days."""
    number: int
    if isinstance(value, bool):
        raise Reason("cell.not_days", value=shown(value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise Reason("cell.not_days", value=shown(value))
        number = int(value)
    else:
        text = _nfkc(_cell_str(value)).replace(",", "").removesuffix("天").strip()
        if not _WHOLE_RE.fullmatch(text):
            raise Reason("cell.not_days", value=shown(value))
        number = int(text.split(".")[0])
    if number < 0:
        raise Reason("cell.negative_days")
    if number > _MAX_DAYS:
        raise Reason("cell.days_implausible", value=shown(number))
    return number


def parse_segment(value: object) -> str:
    """客户类型 as 小微, 涉农 or 个人, through SEGMENT_ALIASES (农户 → 涉农, ...)."""
    text = _nfkc(_cell_str(value))
    segment = SEGMENT_ALIASES.get(text)
    if segment is None:
        raise Reason("cell.unknown_segment", value=shown(text), expected="、".join(SEGMENTS))
    return segment


def parse_risk_class(value: object) -> str:
    """五级分类 as 正常/关注/次级/可疑/损失; 次级类, 关注二级 (twelve-grade) and the like too."""
    text = _nfkc(_cell_str(value))
    plain = text.replace(" ", "")
    for risk in RISK_CLASSES:
        if plain.startswith(risk):
            return risk
    raise Reason("cell.unknown_risk", value=shown(text), expected="、".join(RISK_CLASSES))


#: A resident ID (GB 11643); other shapes, such as a company's credit code, are not checked.
_ID18_RE = re.compile(r"\d{17}[\dX]")


# --- data rows -------------------------------------------------------------------------------

#: How one column is read: (column index, field, converter, required).
ColumnPlan = tuple[int, str, Callable[[object], object], bool]

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def limited(
    converters: Mapping[str, Callable[[object], object]], max_chars: Mapping[str, int]
) -> dict[str, Callable[[object], object]]:
    """The converters, those of the fields in `max_chars` refusing longer text (or names)."""
    return {
        field: partial(_at_most, convert, max_chars[field]) if field in max_chars else convert
        for field, convert in converters.items()
    }


def _at_most(convert: Callable[[object], object], limit: int, cell: object) -> object:
    value = convert(cell)
    if isinstance(value, str) and len(value) > limit:
        raise Reason("cell.too_long", length=len(value), limit=limit)
    if isinstance(value, tuple) and any(len(name) > limit for name in value):
        raise Reason("cell.name_too_long", limit=limit)
    return value


def amount_units(
    header: HeaderMatch, rows_above_header: Iterable[Sequence[object]], fields: Iterable[str]
) -> dict[str, Unit]:
    """Each amount field's unit: its header's (贷款余额(万元)), else the title row's, else 元."""
    title_unit = detect_unit(rows_above_header)
    return {field: unit_of(header.units.get(field)) or title_unit or "yuan" for field in fields}


def data_rows(
    rows: Sequence[Sequence[object]], header: HeaderMatch, key_columns: Iterable[int | None]
) -> Iterator[tuple[int, Sequence[object]]]:
    """The rows below the header that hold data, each with its number as the sheet numbers it.

    Skipped: blank rows (every recognised column empty, e.g. only a 序号 left in an unused
    template row) and total rows (a 合计/总计/小计 cell while a key column is empty or is
    itself the total).
    """
    recognised = sorted(header.columns)
    keys = tuple(key_columns)
    for index in range(header.index + 1, len(rows)):
        cells = rows[index]
        if is_blank_row(cells, recognised):
            continue
        if any(_empty_or_total(cells, column) for column in keys) and is_total_row(cells):
            continue
        yield index + 1, cells


def column_plan(
    header: HeaderMatch,
    converters: Mapping[str, Callable[[object], object]],
    required: Iterable[str],
) -> list[ColumnPlan]:
    """How to read each recognised column, left to right."""
    needed = frozenset(required)
    return [
        (column, field, converters[field], field in needed)
        for column, field in sorted(header.columns.items())
    ]


def convert_cells(
    row: int, cells: Sequence[object], plan: Iterable[ColumnPlan], labels: Mapping[str, str]
) -> tuple[dict[str, object], list[Problem]]:
    """One data row's cells converted by the plan: the values, and the row's problems.

    An empty cell gives no value (MISSING when the column is required); text with a
    control character (NUL, BEL, ...; tabs and line breaks are fine) is refused before
    conversion, as no store or screen should get it; a converter's ValueError or
    ArithmeticError becomes a problem on that column, its reason on one line.
    """
    values: dict[str, object] = {}
    errors: list[Problem] = []
    width = len(cells)
    for column, field, convert, is_required in plan:
        raw = cells[column] if column < width else None
        value: object = None
        if not _is_empty(raw):
            control = _CONTROL_RE.search(raw) if isinstance(raw, str) else None
            if control:
                code = f"{ord(control.group()):04X}"
                errors.append(Problem.coded(row, labels[field], "cell.control", code=code))
                continue
            try:
                value = convert(raw)
            except Reason as exc:
                errors.append(Problem(row, labels[field], str(exc), exc.code, exc.params))
                continue
            except (ValueError, ArithmeticError) as exc:
                reason = " ".join(str(exc).split()) if isinstance(exc, ValueError) else ""
                if reason:
                    errors.append(Problem(row, labels[field], reason))
                else:
                    errors.append(Problem.coded(row, labels[field], "cell.unusable"))
                continue
        if value is None or value == "":
            if is_required:
                errors.append(Problem.coded(row, labels[field], "cell.missing"))
            continue
        values[field] = value
    return values, errors


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
        rows, ALL_LOAN_FIELDS, LOAN_REQUIRED, mapping=mapping, similar=True, strict=_STRICT_FIELDS
    )


def header_signature(headers: Iterable[object]) -> str:
    """The headers of a list, normalised and joined: the key a saved mapping profile matches.
    Control characters are left out: the rows tried may be data rows, and PostgreSQL
    cannot hold a NUL even in a query's parameter."""
    joined = "|".join(normalise_header(h) for h in headers if not _is_empty(h))
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
    secondary_label = _label(rows[header.index][secondary]) if secondary is not None else None
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

    for row, cells in _rows_below(rows, rest, header, key_columns):
        if all(_is_empty(_cell(cells, column)) for column in anchor_columns):
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
            account = cell_text(_cell(cells, secondary))
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


def _rows_below(
    rows: Sequence[Sequence[object]],
    rest: Iterable[Sequence[object]],
    header: HeaderMatch,
    key_columns: Iterable[int | None],
) -> Iterator[tuple[int, Sequence[object]]]:
    """`data_rows` over `rows` and then the rows of `rest`, numbered as the sheet numbers them."""
    yield from data_rows(rows, header, key_columns)
    recognised = sorted(header.columns)
    keys = tuple(key_columns)
    for number, cells in enumerate(rest, start=max(len(rows), header.index + 1) + 1):
        if is_blank_row(cells, recognised):
            continue
        if any(_empty_or_total(cells, column) for column in keys) and is_total_row(cells):
            continue
        yield number, cells


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


def _cell(cells: Sequence[object], column: int | None) -> object:
    if column is None or column >= len(cells):
        return None
    return cells[column]


def _empty_or_total(cells: Sequence[object], column: int | None) -> bool:
    value = _cell(cells, column)
    return _is_empty(value) or _is_total_cell(value)


def segment_from_words(*texts: object) -> str | None:
    """The segment the type or product words give (SPEC §5.3), else None."""
    joined = "".join(_nfkc(_cell_str(t)) for t in texts if not _is_empty(t))
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
        segment = SEGMENT_ALIASES.get(_nfkc(written)) if isinstance(written, str) else None
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
    plain = _SPACE_RE.sub("", _nfkc(text))
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


# --- showing many problems -------------------------------------------------------------------

#: At most this many problem lines are shown; the rest are counted per reason.
MAX_SHOWN = 1000


def summarise(problems: Sequence[Problem], *, min_run: int = 3) -> list[Problem]:
    """One line for one systematic problem on many rows (SPEC §5.1: `rows 5-204, column X: …`).

    Problems with the same column and the same reason (code and parameters, or text)
    on `min_run` or more rows become one problem per run of consecutive rows, its
    `count` the rows in the run. Others stay as they are; the order is by first row.
    """
    groups: dict[tuple[object, ...], list[Problem]] = {}
    for problem in problems:
        key = (
            problem.column,
            problem.code,
            problem.params,
            problem.reason if not problem.code else None,
            problem.row is None,
        )
        groups.setdefault(key, []).append(problem)
    out: list[Problem] = []
    for members in groups.values():
        if len(members) < min_run or members[0].row is None:
            out.extend(members)
            continue
        members = sorted(members, key=lambda p: p.row or 0)
        run = [members[0]]
        for problem in members[1:]:
            if (
                problem.row is not None
                and run[-1].row is not None
                and problem.row <= run[-1].row + 1
            ):
                run.append(problem)
            else:
                out.extend(_run(run, min_run))
                run = [problem]
        out.extend(_run(run, min_run))
    out.sort(key=lambda p: (p.row is not None, p.row or 0))
    return out


def _run(run: list[Problem], min_run: int) -> list[Problem]:
    rows = {p.row for p in run}
    if len(rows) < min_run:
        return run
    first = run[0]
    return [replace(first, last_row=run[-1].row, count=len(rows))]


def shown_lines(problems: Sequence[Problem], lang: str, *, limit: int = MAX_SHOWN) -> list[str]:
    """The summarised problems as lines in `lang`, at most `limit`, then one line counting
    the rest per reason."""
    merged = summarise(problems)
    lines = [p.text(lang) for p in merged[:limit]]
    rest = merged[limit:]
    if rest:
        per_reason = Counter(
            render(p.code, (), lang).split("{")[0].split("：")[0] if p.code else p.reason
            for p in rest
        )
        detail = "；".join(f"{reason} ×{n}" for reason, n in per_reason.most_common(10))
        lines.append(render("summary.more", (("count", len(rest)), ("detail", detail)), lang))
    return lines


# --- the mapping shown on /setup -------------------------------------------------------------


@dataclass(frozen=True)
class FieldPreview:
    """One of our fields on /setup: the column it is read from and a few sample values."""

    key: str  # the internal field (LoanRecord attribute or extra field)
    name: str  # the field's Chinese name
    required: bool
    column: str | None  # the column as written, None when no column was found
    samples: str  # up to three values of that column, joined by " | "


def guess_header_index(rows: Sequence[Sequence[object]], max_scan: int = 10) -> int | None:
    """The header row when no field matched: the first row with the most text cells (≥ 2)."""
    best, best_count = None, 1
    for index, row in enumerate(rows[:max_scan]):
        count = sum(1 for c in row if isinstance(c, str) and c.strip())
        if count > best_count:
            best, best_count = index, count
    return best


def mapping_preview(
    rows: Sequence[Sequence[object]], mapping: Mapping[str, str] | None = None, samples: int = 3
) -> tuple[list[FieldPreview], list[str], list[Problem], int | None]:
    """Each field with the column the import would take and sample values; the file's
    column names (to choose from); the header problems, if any; the header's index."""
    _, problems = detect_mapping(rows, mapping)
    # what was found even when a required column is missing: the admin completes it
    header, _ = find_header(rows, ALL_LOAN_FIELDS, (), mapping=mapping, similar=True, strict=())
    index = header.index if header else guess_header_index(rows)
    if index is None:
        return [], [], problems, None
    columns = [_label(c) for c in rows[index] if not _is_empty(c)]
    below = rows[index + 1 : index + 1 + 50]
    previews = []
    where = {normalise_header(c): i for i, c in enumerate(rows[index]) if not _is_empty(c)}
    for key, names in ALL_LOAN_FIELDS.items():
        label = header.labels.get(key) if header else (mapping or {}).get(key)
        column = where.get(normalise_header(label)) if label else None
        values: list[str] = []
        if column is not None:
            for cells in below:
                text = line_text(_cell(cells, column))
                if text and shown(text) not in values:
                    values.append(shown(text))
                if len(values) >= samples:
                    break
        previews.append(
            FieldPreview(key, names[0], key in LOAN_REQUIRED, label, " | ".join(values))
        )
    return previews, columns, problems, index
