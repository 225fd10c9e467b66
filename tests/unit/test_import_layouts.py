"""Loan lists laid out as real bank systems export them import as they come (SPEC §5.3, issue 12).

Each layout is built in the test: a 信贷管理系统 five-category list, a core-system dump, an
HTML table saved as .xls, a written-off (表外) ledger, a consumer-finance case list.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from core.importing import (
    ALL_LOAN_FIELDS,
    LOAN_REQUIRED,
    detect_mapping,
    loans_from_rows,
    read_loan_list,
    settle_loans,
    shown_lines,
    summarise,
    township_from_text,
)
from core.records import ImportResult, Problem
from tests.workbooks import (
    write_bomb_xlsx,
    write_csv,
    write_far_cell_xlsx,
    write_html_xls,
    write_xls,
    write_xlsx,
)


def by_no(result: ImportResult) -> dict[str, object]:
    return {r.loan_no: r for r in result.records}


def codes(problems: list[Problem]) -> list[str | None]:
    return [p.code for p in problems]


# --- a 信贷管理系统 five-category list -----------------------------------------------------------

CREDIT_SYSTEM = [
    ["某某农村商业银行不良贷款明细表"],
    ["统计日期：2024年11月30日", "", "", "", "单位：元"],
    ["序号", "机构名称", "借据编号", "合同编号", "借款人名称", "证件号码", "贷款品种",
     "发放日", "贷款到期日", "期末贷款余额", "表内欠息", "表外欠息", "五级形态", "担保方式",
     "客户地址", "管理责任人"],
    [1, "城关支行", "320101202301150001", "HT2023-001", "张大山", "430121197505011207",
     "农户小额信用贷款", "2023-01-15", "2024-01-15", "50,000.00", "1,200.50", "300.00",
     "次级类", "信用", "某某县城关镇东门村3组", "李经理"],
    [2, "城关支行", "320101202203020002", "HT2022-017", "王小梅", "",
     "个体工商户经营贷款", "2022-03-02", "2023-03-02", "120000", "0", "4,500.25",
     "可疑类", "保证", "某某县石桥乡石桥村", "李经理"],
    ["", "城关支行小计", "", "", "", "", "", "", "", "170,000.00", "1,200.50", "4,800.25"],
    [3, "河口支行", "320101202106300003", "HT2021-088", "赵铁柱", "",
     "个人消费贷款", "2021-06-30", "2022-06-30", "8000", "", "", "损失类", "信用",
     "某某县河口镇", "周经理"],
    ["", "河口支行小计", "", "", "", "", "", "", "", "8,000.00"],
    ["", "分行合计", "", "", "", "", "", "", "", "178,000.00"],
    ["条数：3"],
    ["制表人：张三", "", "", "复核人：李四"],
]  # fmt: skip


def test_a_credit_system_five_category_list_imports_as_exported(tmp_path: Path) -> None:
    result = read_loan_list(write_xlsx(tmp_path / "五级分类明细.xlsx", CREDIT_SYSTEM))

    assert result.errors == []
    loans = by_no(result)
    assert list(loans) == ["320101202301150001", "320101202203020002", "320101202106300003"]
    first = loans["320101202301150001"]
    assert (first.borrower, first.principal_fen, first.interest_fen) == (
        "张大山",
        5_000_000,
        150_050,
    )
    assert first.maturity_date == date(2024, 1, 15)
    assert first.disbursed_on == date(2023, 1, 15)
    assert first.risk_class == "次级" and loans["320101202106300003"].risk_class == "损失"
    assert first.manager == "李经理"
    assert loans["320101202203020002"].interest_fen == 450_025  # 表内 0 + 表外 4,500.25
    assert [r.segment for r in result.records] == ["涉农", "小微", "个人"]  # from 贷款品种
    assert result.as_of == date(2024, 11, 30) and result.as_of_source == "title:统计日期"
    assert result.rows_read == 3  # subtotals, the total, the count and the signature skipped


def test_the_unused_columns_are_listed_in_one_warning_never_dropped_silently(
    tmp_path: Path,
) -> None:
    result = read_loan_list(write_xlsx(tmp_path / "list.xlsx", CREDIT_SYSTEM))

    [unused] = [p for p in result.warnings if p.code == "warn.unused_columns"]
    assert "序号" in unused.reason and "机构名称" in unused.reason
    assert result.records[0].notes == "合同编号：HT2023-001"  # a lower-ranked loan number, kept
    assert "warn.segment_derived" in codes(result.warnings)


def test_townships_come_from_the_address_and_the_camp_territories(tmp_path: Path) -> None:
    result = read_loan_list(write_xlsx(tmp_path / "list.xlsx", CREDIT_SYSTEM))

    settled = settle_loans(result, territories=["石桥乡"], list_date=date(2024, 11, 30))

    assert [r.township for r in settled.records] == ["城关镇", "石桥乡", "河口镇"]
    assert "warn.township_derived" in codes(settled.warnings)
    assert "warn.township_unassigned" not in codes(settled.warnings)


def test_township_from_text_prefers_a_territory_then_a_place_suffix() -> None:
    assert township_from_text("湖南省某某县城关镇东门村", ["东门"]) == "东门"
    assert township_from_text("湖南省某某县城关镇东门村", []) == "城关镇"
    assert township_from_text("某某市北门街道办事处", []) == "北门街道"
    assert township_from_text("东门村3组", []) is None


def test_a_loan_with_no_township_and_no_place_in_its_text_is_unassigned() -> None:
    rows = [
        ["借据号", "户名", "贷款余额", "到期日", "客户类型"],
        ["J1", "张三", "100", "2024-01-01", "外星人"],
        ["J2", "李四", "100", "2024-01-01", "自然人"],
    ]
    settled = settle_loans(loans_from_rows(rows), default_segment="涉农")

    assert [(r.segment, r.township) for r in settled.records] == [
        ("涉农", "未分配"),
        ("个人", "未分配"),
    ]
    messages = shown_lines(settled.warnings, "en")
    assert "客户类型 unknown for 1 loans: set to 涉农" in messages
    assert "乡镇 unknown for 2 loans: set to 未分配" in messages
    assert settle_loans(loans_from_rows(rows)).records[0].segment == "未分类"


def test_a_listed_class_better_than_the_overdue_floor_is_one_warning_with_a_count() -> None:
    rows = [
        ["借据号", "户名", "贷款余额", "到期日", "五级分类"],
        ["J1", "张三", "100", "2023-01-01", "正常"],  # 699 days overdue: floor 损失
        ["J2", "李四", "100", "2024-11-01", "关注"],  # 29 days: floor 关注, fine
    ]
    settled = settle_loans(loans_from_rows(rows), list_date=date(2024, 11, 30))

    [floor] = [p for p in settled.warnings if p.code == "warn.class_floor"]
    assert "for 1 loans (e.g. J1: listed 正常, floor 损失)" in floor.reason


# --- a core-system dump: both 借据号 and 贷款账号, a 会计日期 column, GBK ------------------------

CORE_DUMP = [
    ["会计日期", "贷款账号", "借据号", "户名", "结欠余额", "欠息金额", "贷款到期日", "乡镇",
     "资产分类", "客户类型"],
    ["20241130", "6228480012345678901", "JJ0001", "刘一", "30000", "120.5", "20230630", "城关镇",
     "可疑", "农户贷款"],
    ["20241130", "6228480012345678902", "JJ0002", "陈二", "1500", "0", "2024/2/29", "石桥乡",
     "次级", "个体工商户"],
]  # fmt: skip


def test_a_core_system_dump_takes_the_loan_number_from_the_iou_and_keeps_the_account(
    tmp_path: Path,
) -> None:
    result = read_loan_list(write_csv(tmp_path / "dump.csv", CORE_DUMP, encoding="gbk"))

    assert result.errors == []
    loans = by_no(result)
    assert list(loans) == ["JJ0001", "JJ0002"]
    assert loans["JJ0001"].notes == "贷款账号：6228480012345678901"
    assert (loans["JJ0001"].principal_fen, loans["JJ0001"].interest_fen) == (3_000_000, 12_050)
    assert loans["JJ0002"].maturity_date == date(2024, 2, 29)
    assert [r.segment for r in result.records] == ["涉农", "小微"]
    assert loans["JJ0001"].risk_class == "可疑"  # 资产分类 is read, not dropped
    assert result.as_of == date(2024, 11, 30) and result.as_of_source == "column:会计日期"
    assert "warn.secondary_key" in codes(result.warnings)


# --- an HTML table saved as .xls ---------------------------------------------------------------

HTML_LIST = [
    ["数据日期：2024-11-30 某农商行逾期贷款清单"],
    ["借据号", "客户名称", "贷款余额(万元)", "欠息", "到期日期", "所属乡镇"],
    ["32010120230115000112", "张大山", "5.25", "1,234.56", "2024年1月15日", "城关镇"],
    ["32010120230115000113", "李小河", "10", "0", "2024.3.1", "石桥乡"],
    ["合计", "", "15.25", "1,234.56", "", ""],
]


def test_an_html_table_saved_as_xls_is_read_keeping_long_numbers_as_text(tmp_path: Path) -> None:
    for encoding in ("gbk", "utf-8"):
        path = write_html_xls(tmp_path / f"清单-{encoding}.xls", HTML_LIST, encoding=encoding)

        result = read_loan_list(path)

        assert result.errors == [], encoding
        assert [r.loan_no for r in result.records] == [
            "32010120230115000112",
            "32010120230115000113",
        ]
        assert result.records[0].principal_fen == 5_250_000  # 5.25 万元
        assert result.records[0].interest_fen == 123_456
        assert result.as_of == date(2024, 11, 30)


def test_a_tab_separated_text_export_named_xls_is_read(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    text = "\n".join("\t".join(str(c) for c in row) for row in CORE_DUMP)
    path.write_bytes(text.encode("gbk"))

    assert [r.loan_no for r in read_loan_list(path).records] == ["JJ0001", "JJ0002"]


# --- a written-off (表外) ledger ---------------------------------------------------------------


def test_a_list_titled_as_written_off_marks_its_loans_written_off_with_the_date(
    tmp_path: Path,
) -> None:
    rows = [
        ["已核销贷款台账（表外）"],
        ["贷款帐号", "借款人姓名", "当前表外余额", "表外欠息", "到期日", "核销日期", "风险分类"],
        ["HX001", "孙五", "8000", "950.4", "2019-05-20", "2021-12-31", "损失"],
        ["HX002", "周六", "12000", "0", "2018-01-10", "", "损失"],
    ]
    result = read_loan_list(write_xls(tmp_path / "核销台账.xls", rows))

    assert result.errors == []
    assert [r.written_off for r in result.records] == [True, True]
    assert result.records[0].principal_fen == 800_000 and result.records[0].interest_fen == 95_040
    assert result.records[0].notes == "核销日期：2021-12-31"
    assert "warn.written_off_title" in codes(result.warnings)


# --- the consumer-finance case list: near-miss headers ------------------------------------------


def test_a_header_close_to_a_known_name_is_taken_with_a_warning() -> None:
    rows = [
        ["案件编号", "借据号", "借款人名字", "剩余本金", "到期日期", "逾期天数"],
        ["C1", "XF0001", "钱七", "3,000", "2024-05-01", "213"],
    ]
    result = loans_from_rows(rows)

    assert result.errors == []
    assert (result.records[0].borrower, result.records[0].days_overdue) == ("钱七", 213)
    assert "warn.similar_column" in codes(result.warnings)


def test_a_list_with_no_loan_number_at_all_is_refused_naming_it() -> None:
    rows = [
        ["客户名称", "贷款余额", "到期日", "乡镇"],
        ["张三", "100", "2024-01-01", "城关镇"],
    ]
    result = loans_from_rows(rows)

    assert result.records == []
    [problem] = result.errors
    assert problem.text("en").startswith(
        "missing column 贷款账号 (accepted names: 贷款账号、借据号"
    )
    assert problem.text("zh").startswith("缺少「贷款账号」列")


def test_a_missing_column_names_the_closest_column_of_the_file_in_chinese() -> None:
    rows = [["借据号", "贷款客户", "贷款余额", "到期日"], ["J1", "张三", "100", "2024-01-01"]]

    [problem] = loans_from_rows(rows).errors

    assert problem.text("zh").startswith("缺少「借款人」列；文件里的「贷款客户」可能就是它")
    assert "--map borrower=贷款客户" in problem.text("en")


# --- messages -------------------------------------------------------------------------------


def test_one_problem_on_many_rows_is_one_line_with_the_rows_and_the_count() -> None:
    rows = [["借据号", "户名", "贷款余额", "到期日"]]
    rows += [[f"J{n}", "张三", "-1", "2024-01-01"] for n in range(200)]
    rows += [["J-x", "李四", "100", "soon"]]

    result = loans_from_rows(rows)

    assert len(result.errors) == 201
    assert shown_lines(result.errors, "en") == [
        "rows 2-201, column 贷款余额: negative amount (200 rows)",
        "row 202, column 到期日: not a date: soon",
    ]
    assert (
        shown_lines(result.errors, "zh")[0]
        == "rows 2-201, column 贷款余额: 金额为负数（共 200 行）"
    )


def test_problems_shown_are_capped_with_a_count_of_the_rest() -> None:
    problems = [Problem.coded(n * 2, "贷款余额", "cell.negative") for n in range(1, 1500)]

    lines = shown_lines(problems, "en", limit=1000)

    assert len(lines) == 1001
    assert lines[-1].startswith("499 more problems not shown: negative amount ×499")
    assert len(summarise(problems)) == 1499  # not consecutive: no run


# --- bounded reading ------------------------------------------------------------------------

SMALL = [["借据号", "借款人", "贷款余额", "到期日"], ["J1", "张三", "100", "2024-01-01"]]


def test_a_small_xlsx_with_one_cell_at_the_last_cell_of_the_sheet_is_refused_at_once(
    tmp_path: Path,
) -> None:
    for keep_dimension in (True, False):
        path = write_far_cell_xlsx(tmp_path / "far.xlsx", SMALL, keep_dimension=keep_dimension)
        started = time.perf_counter()

        result = read_loan_list(path)

        assert time.perf_counter() - started < 2
        assert codes(result.errors) == ["file.too_big"]
        assert "XFD1048576" in result.errors[0].reason


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = write_bomb_xlsx(tmp_path / "bomb.xlsx", SMALL, megabytes=64)
    started = time.perf_counter()

    result = read_loan_list(path)

    assert time.perf_counter() - started < 2
    assert codes(result.errors) == ["file.bomb"]


# --- every spelling in the synonym table maps --------------------------------------------------

_FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {"(": "（"})


def _respell(name: str, how: int) -> str:
    if how == 1:
        return name.translate(_FULL_WIDTH)
    if how == 2:
        return f" {name} "
    if how == 3:
        return f"{name}(元)" if "(" not in name else name
    if how == 4:
        return f"*{name}"
    if how == 5:
        return name.upper()
    return name


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_random_header_spellings_within_the_synonym_table_always_map(data: st.DataObject) -> None:
    optional = [k for k in ALL_LOAN_FIELDS if k not in LOAN_REQUIRED]
    keys = sorted(LOAN_REQUIRED) + data.draw(
        st.lists(st.sampled_from(optional), unique=True, max_size=10)
    )
    keys = data.draw(st.permutations(keys))
    header = [
        _respell(data.draw(st.sampled_from(ALL_LOAN_FIELDS[k])), data.draw(st.integers(0, 5)))
        for k in keys
    ]

    match, problems = detect_mapping([header, ["x"] * len(header)])

    assert problems == [], header
    assert match is not None
    assert {match.columns[i] for i in range(len(keys))} == set(keys), header


def test_a_header_on_two_rows_with_interest_merged_over_on_and_off_balance_sheet_is_read() -> None:
    rows = [
        ["不良贷款清单"],
        ["序号", "借据号", "借款人", "贷款余额", "欠息", "", "到期日"],
        ["", "", "", "", "表内", "表外", ""],
        [1, "J1", "张三", "100", "1.5", "2", "2024-01-01"],
        [2, "J2", "李四", "200", "", "3", "2024-01-01"],
    ]

    result = loans_from_rows(rows)

    assert result.errors == []
    assert [(r.row, r.loan_no, r.interest_fen) for r in result.records] == [
        (4, "J1", 350),
        (5, "J2", 300),
    ]


def test_amounts_with_a_yuan_sign_and_days_with_a_day_sign_are_read() -> None:
    # a trailing 元 stays refused (a 万元 column would misread it); a leading ￥ is fine
    rows = [
        ["借据号", "借款人姓名/名称", "贷款余额", "到期日", "逾期天数"],
        ["J1", "张三", "￥50,000.00", "2024-01-01", "213天"],
    ]

    [record] = loans_from_rows(rows).records

    assert (record.borrower, record.principal_fen, record.days_overdue) == ("张三", 5_000_000, 213)


def test_a_workbook_whose_first_sheet_is_a_summary_is_read_from_the_sheet_with_the_list(
    tmp_path: Path,
) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["汇总", "截至2024年11月30日共 2 笔"])
    detail = workbook.create_sheet("明细")
    for row in SMALL + [["J2", "李四", "200", "2024-02-01"]]:
        detail.append(row)
    path = tmp_path / "两页.xlsx"
    workbook.save(path)

    result = read_loan_list(path)

    assert [r.loan_no for r in result.records] == ["J1", "J2"]
    assert codes(result.warnings)[0] == "warn.other_sheet"


def test_the_setup_mapping_shows_each_field_its_column_and_samples_a_missing_one_too() -> None:
    from core.importing import mapping_preview

    rows = [
        ["截至2024年11月30日"],
        ["借据号", "贷户", "贷款余额", "到期日", "住址"],
        ["J1", "张三", "100", "2024-01-01", "城关镇"],
        ["J2", "李四", "200", "2024-01-02", "石桥乡"],
    ]

    fields, columns, problems, index = mapping_preview(rows)

    shown = {f.key: (f.column, f.samples) for f in fields}
    assert shown["loan_no"] == ("借据号", "J1 | J2")
    assert shown["borrower"] == (None, "")
    assert shown["address"] == ("住址", "城关镇 | 石桥乡")
    assert columns == ["借据号", "贷户", "贷款余额", "到期日", "住址"] and index == 1
    assert [p.code for p in problems] == ["header.missing_closest"]

    fields, _, problems, _ = mapping_preview(rows, {"borrower": "贷户"})
    assert {f.key: f.samples for f in fields}["borrower"] == "张三 | 李四"
    assert problems == []
