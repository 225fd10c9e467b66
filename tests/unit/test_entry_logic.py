"""The pure logic of /entry: the form's checks, grid rows as visit records, the search."""

from __future__ import annotations

import math
from datetime import date, datetime, time

import pytest

from core.calendar import CampCalendar
from core.entry import (
    FRESH_FIELDS,
    GRID_COLUMNS,
    PROBLEM_COLUMN,
    EntryForm,
    adjustment_table,
    blank,
    blank_grid,
    blocking,
    check_form,
    clock_text,
    default_visit_date,
    form_from_visit,
    form_record,
    grid_records,
    grid_shown,
    kept_after_save,
    loan_no_of,
    loan_option,
    mark_problems,
    match_rank,
    missing_promise_elements,
    needs_appointment,
    normalise_query,
    parse_clock,
    problem_table,
    same_borrower,
    saved_summary,
)
from core.i18n import LABELS
from core.records import Problem

CAL = CampCalendar(start_date=date(2026, 12, 14))  # field days 16–20 December
ROSTER = ("林晓", "许诺", "曹阳")


def form(**kw: object) -> EntryForm:
    values: dict[str, object] = {
        "team": "尖刀队", "loan_no": "8201000723966385", "visit_date": date(2026, 12, 16),
        "visit_time": time(10, 0), "members": ("林晓", "许诺"), "contact": "见到本人",
    }  # fmt: skip
    values.update(kw)
    return EntryForm(**values)  # type: ignore[arg-type]


def codes(f: EntryForm, **kw: object) -> list[str]:
    return [i.code for i in check_form(f, CAL, ROSTER, **kw)]  # type: ignore[arg-type]


def test_a_complete_form_has_nothing_missing() -> None:
    assert check_form(form(), CAL, ROSTER) == []


def test_an_empty_form_says_everything_it_needs_in_the_forms_order() -> None:
    assert codes(EntryForm()) == ["team", "loan", "when", "contact", "members"]


def test_only_a_payment_at_the_branch_may_have_no_collectors() -> None:
    assert "members" in codes(form(members=()))
    assert codes(form(members=(), contact="到行还款", principal_yuan="100")) == []


def test_names_not_on_the_teams_roster_are_named() -> None:
    issues = check_form(form(members=("林晓", "龚平")), CAL, ROSTER)
    assert [(i.code, i.items) for i in issues] == [("strangers", ("龚平",))]


@pytest.mark.parametrize("contact", ["未见到", "失联", "拒绝沟通", "到行还款"])
def test_a_signed_receipt_needs_someone_met_who_can_sign(contact: str) -> None:
    issues = check_form(form(contact=contact, ack=True), CAL, ROSTER)
    assert [(i.code, i.items, i.blocking) for i in issues if i.code == "ack_contact"] == [
        ("ack_contact", (contact,), True)
    ]


@pytest.mark.parametrize("contact", ["见到本人", "见到家属", "见到保证人"])
def test_a_receipt_signed_by_the_borrower_a_relative_or_a_guarantor_is_fine(contact: str) -> None:
    assert codes(form(contact=contact, ack=True)) == []


APPOINTMENT = {"appointment_at": datetime(2026, 12, 16, 15, 0), "appointment_by": "电话",
               "agreed_by": "本人"}  # fmt: skip


def test_a_quiet_hours_visit_needs_the_appointment_made_before_it_not_a_note() -> None:
    night = form(visit_time=time(23, 30), notes="客户本人在场，当面同意在此时间沟通")
    issues = check_form(night, CAL, ROSTER)
    assert [(i.code, i.items) for i in issues] == [
        ("appointment", ("appointment_at", "appointment_by", "agreed_by"))
    ]
    assert needs_appointment(night, CAL)
    assert codes(form(visit_time=time(23, 30), **APPOINTMENT)) == []
    # 08:00 is outside the quiet hours; 07:59 inside
    assert codes(form(visit_time=time(8, 0))) == []
    assert codes(form(visit_time=time(7, 59))) == ["appointment"]


def test_an_appointment_made_at_or_after_the_visit_is_refused() -> None:
    late = {**APPOINTMENT, "appointment_at": datetime(2026, 12, 16, 23, 30)}
    assert codes(form(visit_time=time(23, 30), **late)) == ["appointment_late"]


def test_a_payment_at_the_branch_needs_no_appointment_at_night() -> None:
    paid = form(visit_time=time(23, 30), contact="到行还款", principal_yuan="100")
    assert codes(paid) == []
    assert not needs_appointment(paid, CAL)


@pytest.mark.parametrize("contact", ["未见到", "失联"])
def test_money_on_a_visit_that_met_nobody_is_refused(contact: str) -> None:
    assert codes(form(contact=contact, principal_yuan="1")) == ["money_nobody"]


def test_money_with_a_refusal_to_talk_is_only_a_warning() -> None:
    issues = check_form(form(contact="拒绝沟通", interest_yuan="10"), CAL, ROSTER)
    assert [(i.code, i.blocking) for i in issues] == [("money_refused", False)]


def test_a_time_outside_the_camp_window_is_refused() -> None:
    # the window opens after 17:30 on the day before the first field day
    assert codes(form(visit_date=date(2026, 12, 15), visit_time=time(17, 30))) == ["window"]
    assert "window" not in codes(form(visit_date=date(2026, 12, 15), visit_time=time(18, 0),
                                      notes="约定"))  # fmt: skip
    assert codes(form(visit_date=date(2026, 12, 20), visit_time=time(12, 1))) == ["window"]


def test_an_incomplete_promise_names_its_missing_elements_but_does_not_block() -> None:
    f = form(promise_amount_yuan="3000")
    issues = check_form(f, CAL, ROSTER)
    assert [(i.code, i.items, i.blocking) for i in issues] == [
        ("promise", ("date", "method"), False)
    ]
    assert missing_promise_elements(form(promise_date=date(2026, 12, 20), promise_method="现金",
                                         promise_amount_yuan="0")) == ("amount",)  # fmt: skip
    assert missing_promise_elements(form()) == ()
    complete = form(promise_date=date(2026, 12, 20), promise_amount_yuan="3000",
                    promise_method="转账")  # fmt: skip
    assert codes(complete) == []


def test_a_promise_dated_before_the_visit_blocks_and_one_collector_is_only_a_warning() -> None:
    early = form(members=("林晓",), promise_date=date(2026, 12, 1), promise_amount_yuan="10",
                 promise_method="现金")  # fmt: skip
    issues = check_form(early, CAL, ROSTER)
    assert [(i.code, i.blocking) for i in issues] == [("promise_past", True), ("single", False)]
    assert [i.code for i in blocking(issues)] == ["promise_past"]


@pytest.mark.parametrize("typed", ["abc", "-5", "1,2,3"])
def test_an_amount_that_is_not_one_is_named(typed: str) -> None:
    issues = check_form(form(principal_yuan=typed), CAL, ROSTER)
    assert [(i.code, i.field) for i in issues] == [("amount", "principal")]


def test_the_record_of_a_form_has_exact_fen_from_the_yuan_typed() -> None:
    r = form_record(form(principal_yuan="1,234.56", interest_yuan="０.１", ack=True,
                         promise_date=date(2026, 12, 20), promise_amount_yuan=2500.1,
                         promise_method=" 转账 ", tactics=("以情动人",), notes="  "))  # fmt: skip
    assert (r.principal_fen, r.interest_fen, r.promise_amount_fen) == (123456, 10, 250010)
    assert r.visited_at == datetime(2026, 12, 16, 10, 0)
    assert (r.promise_method, r.notes, r.tactics, r.ack) == ("转账", None, ("以情动人",), True)


def test_a_form_with_blocking_issues_makes_no_record() -> None:
    with pytest.raises(ValueError):
        form_record(form(contact=None))


def test_a_stored_visit_fills_the_form_back_to_the_same_record() -> None:
    original = form_record(form(principal_yuan="500.5", promise_date=date(2026, 12, 20),
                                promise_amount_yuan="100", promise_method="现金"))  # fmt: skip
    stored = {**original.__dict__, "visited_at": original.visited_at}
    assert form_record(form_from_visit(stored)) == original


def test_the_default_visit_date_stays_inside_the_field_days() -> None:
    assert default_visit_date(CAL, date(2026, 12, 17)) == date(2026, 12, 17)
    assert default_visit_date(CAL, date(2026, 11, 30)) == date(2026, 12, 16)
    assert default_visit_date(CAL, date(2027, 1, 5)) == date(2026, 12, 20)


def test_blank_covers_what_widgets_and_grids_leave_empty() -> None:
    assert all(blank(v) for v in (None, "", "  ", math.nan))
    assert not any(blank(v) for v in (0, "0", False, date(2026, 1, 1)))


# --------------------------------------------------------------------------- the grid


def grid_row(**kw: object) -> dict[str, object]:
    row = dict.fromkeys((*GRID_COLUMNS, PROBLEM_COLUMN))
    row.update({"time": time(10, 0), "members": ["林晓", "许诺"], "loan_no": "8201000723966385",
                "contact": "见到本人"})  # fmt: skip
    row.update(kw)
    return row


def test_grid_rows_become_records_numbered_as_the_grid_shows_them() -> None:
    rows = [grid_row(principal=1234.5, ack=True, tactics=["以情动人"]), *blank_grid(2),
            grid_row(team="突击队", date=date(2026, 12, 17), members=["龚平", "范婷"],
                     promise_date=date(2026, 12, 20), promise_amount=math.nan)]  # fmt: skip
    result = grid_records(rows, default_team="尖刀队", default_date=date(2026, 12, 16))
    assert result.errors == []
    first, second = result.records
    assert (first.row, first.team, first.visited_at) == (1, "尖刀队", datetime(2026, 12, 16, 10))
    assert (first.principal_fen, first.ack, first.tactics) == (123450, True, ("以情动人",))
    assert (second.row, second.team, second.members) == (4, "突击队", ("龚平", "范婷"))
    assert second.promise_amount_fen is None and second.promise_date == date(2026, 12, 20)


def test_grid_lists_come_as_lists_arrays_or_json_text() -> None:
    rows = [grid_row(members='["林晓", "许诺"]', tactics=("以情动人",)),
            grid_row(members="林晓、许诺", tactics=[])]  # fmt: skip
    result = grid_records(rows, default_team="尖刀队", default_date=date(2026, 12, 16))
    assert [(r.members, r.tactics) for r in result.records] == [
        (("林晓", "许诺"), ("以情动人",)), (("林晓", "许诺"), ()),
    ]  # fmt: skip


def test_each_bad_grid_row_is_reported_with_its_column() -> None:
    rows = [grid_row(), grid_row(time=None), grid_row(contact="见到了"),
            grid_row(members=[], ack=True, contact="未见到")]  # fmt: skip
    result = grid_records(rows, default_team="尖刀队", default_date=date(2026, 12, 16))
    assert [r.row for r in result.records] == [1]
    assert [(p.row, p.column) for p in result.errors] == [
        (2, "走访时间"), (3, "接触结果"), (4, "参与成员"), (4, "签收回执"),
    ]  # fmt: skip
    assert result.errors[0].reason == "time of day missing"


def test_a_grid_row_carries_its_appointment_and_is_checked_as_a_visit_file_row() -> None:
    rows = [
        grid_row(time=time(23, 0), appointment_at=datetime(2026, 12, 16, 15, 0),
                 appointment_by="微信", agreed_by="家属"),
        grid_row(time=time(23, 0), appointment_at=datetime(2026, 12, 16, 23, 0),
                 appointment_by="飞鸽", agreed_by="本人"),
        grid_row(contact="失联", principal=5.0),
        grid_row(promise_date=date(2026, 12, 15), promise_amount=100.0, promise_method="现金"),
    ]  # fmt: skip
    result = grid_records(rows, default_team="尖刀队", default_date=date(2026, 12, 16))
    [record] = result.records
    assert (record.appointment_at, record.appointment_by, record.agreed_by) == (
        datetime(2026, 12, 16, 15, 0), "微信", "家属")  # fmt: skip
    assert [(p.row, p.column, p.code) for p in result.errors] == [
        (2, "预约方式", "visit.appointment_by"),
        (2, "预约时间", "visit.appointment_after_visit"),
        (3, "收回本金", "visit.money_without_meeting"),
        (4, "承诺还款日期", "visit.promise_before_visit"),
    ]


def test_an_empty_grid_is_one_problem() -> None:
    result = grid_records(blank_grid(5), default_team="尖刀队", default_date=date(2026, 12, 16))
    assert (result.records, [str(p) for p in result.errors]) == ([], ["no visits in the grid"])


def test_bad_rows_are_marked_in_the_problem_column_and_good_ones_cleared() -> None:
    rows = [grid_row(), grid_row(**{PROBLEM_COLUMN: "old"}), grid_row()]
    marked = mark_problems(rows, [Problem(3, "贷款账号", "unknown loan 1"),
                                  Problem(3, None, "x"), Problem(None, None, "file")])  # fmt: skip
    assert [r[PROBLEM_COLUMN] for r in marked] == [None, None, "贷款账号：unknown loan 1；x"]
    assert marked[0]["loan_no"] == rows[0]["loan_no"]


# --------------------------------------------------------------------------- search


def test_a_loan_matches_by_number_tail_borrower_or_village_best_first() -> None:
    loan = ("8201000723966385", "张志强", "红旗村", "石桥乡")
    assert match_rank("8201000723966385", *loan) == 0
    assert match_rank("6385", *loan) == 1
    assert match_rank("张志强", *loan) == 2
    assert match_rank("07239", *loan) == 3
    assert match_rank("志强", *loan) == 4
    assert match_rank("红旗", *loan) == 5
    assert match_rank("石桥", *loan) == 6
    assert match_rank("李", *loan) is None
    assert match_rank("  ", *loan) is None


def test_a_query_is_compared_half_width_without_spaces() -> None:
    assert normalise_query(" ６３ ８５ ") == "6385"


def test_two_loans_are_one_borrowers_when_names_match_and_id_numbers_do_not_differ() -> None:
    assert same_borrower("张三", "430121198001011232", "张三", "430121198001011232")
    assert same_borrower("张三", None, "张三", "430121198001011232")
    assert not same_borrower("张三", "430121198001011232", "张三", "430121197505011207")
    assert not same_borrower("张三", None, "张四", None)


# --------------------------------------------------------------------------- labels


def test_every_check_and_grid_column_has_a_label() -> None:
    checks = ["team", "loan", "when", "contact", "members", "strangers", "amount",
              "ack_contact", "window", "appointment", "appointment_late", "money_nobody",
              "money_refused", "promise", "promise_past", "single", "clock"]  # fmt: skip
    keys = [f"entry.check.{c}" for c in checks]
    keys += [f"entry.grid.{c}" for c in (*GRID_COLUMNS, PROBLEM_COLUMN)]
    keys += [f"entry.promise.{e}" for e in ("date", "amount", "method")]
    keys += [f"entry.limitation.{s}" for s in ("expired", "urgent", "watch", "safe", "litigation")]
    assert [k for k in keys if k not in LABELS] == []


def test_the_entry_labels_are_all_prefixed_entry() -> None:
    from core import labels_entry

    assert [k for k in labels_entry.LABELS if not k.startswith("entry.")] == []


# --------------------------------------------------------------------------- the fast form


@pytest.mark.parametrize(
    ("typed", "clock"),
    [("17:30", time(17, 30)), ("17：30", time(17, 30)), ("1730", time(17, 30)),
     ("905", time(9, 5)), ("9.05", time(9, 5)), ("17点30分", time(17, 30)), ("17点", time(17)),
     ("８", time(8)), (" 07:05 ", time(7, 5)), ("", None), (None, None)],
)  # fmt: skip
def test_a_time_is_read_as_a_trainer_types_it(typed: str | None, clock: time | None) -> None:
    assert parse_clock(typed) == clock


@pytest.mark.parametrize("typed", ["25:00", "17:60", "1799", "下午", "17:30:99x", "12345"])
def test_text_that_is_not_a_time_is_refused_and_named(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(typed)
    [issue] = [i for i in check_form(form(visit_time=typed)) if i.field == "visited_at"]
    assert (issue.code, issue.blocking, issue.items) == ("clock", True, (typed,))


def test_a_time_typed_as_text_makes_the_same_record_as_a_picked_one() -> None:
    assert form_record(form(visit_time="1000")) == form_record(form(visit_time=time(10, 0)))
    assert clock_text(time(9, 5)) == "09:05" and clock_text(None) == ""


def test_the_confirmation_names_the_borrower_masked_the_loans_tail_and_the_money() -> None:
    facts = saved_summary(form(principal_yuan="5,000", interest_yuan="12.5"), "张志强")
    assert facts == {"borrower": "张**", "tail": "6385", "collected_fen": 501_250}


def test_the_next_visit_keeps_the_day_the_time_and_the_collectors() -> None:
    kept = kept_after_save(form(visit_time="1730"))
    assert kept == {"visit_date": date(2026, 12, 16), "visit_time": "17:30",
                    "members": ["林晓", "许诺"]}  # fmt: skip
    assert not set(kept) & set(FRESH_FIELDS)  # everything else starts blank


def test_the_grids_loan_look_up_cell_gives_its_loan_number_and_time_text_is_read() -> None:
    option = loan_option("8201000723966385", "张志强", "石桥乡", "石桥村")
    assert option == "8201000723966385 张志强 石桥乡石桥村"
    assert loan_no_of(option) == "8201000723966385" and loan_no_of(None) is None
    row = {"time": "1730", "loan_no": option, "members": ["林晓", "许诺"], "contact": "见到本人"}
    [record] = grid_records([row], default_team="尖刀队", default_date=date(2026, 12, 16)).records
    assert (record.loan_no, record.visited_at) == (
        "8201000723966385",
        datetime(2026, 12, 16, 17, 30),
    )


def test_the_grid_shows_times_as_text_and_bare_loan_numbers_as_their_option() -> None:
    option = "8201000723966385 张志强 石桥乡"
    [row] = grid_shown([{"time": time(9, 5), "loan_no": "8201000723966385"}], [option])
    assert (row["time"], row["loan_no"], row[PROBLEM_COLUMN]) == ("09:05", option, None)


def test_adjustments_and_problems_are_listed_under_their_columns_labels_with_blanks_empty() -> None:
    from types import SimpleNamespace as Row

    at = datetime(2026, 12, 16, 9, 5)
    [adj] = adjustment_table([Row(id=3, team="尖刀队", points=-300, reason="迟到", at=at,
                                  entered_by="boss")])  # fmt: skip
    assert adj == {"entry.today.id": 3, "entry.today.team": "尖刀队", "entry.today.points": "-3.00",
                   "entry.adj.reason": "迟到", "entry.today.time": "12-16 09:05",
                   "entry.today.by": "boss"}  # fmt: skip
    raised = Row(id=1, status="open", text="核对流水", team=None, loan_no=None, borrower=None,
                 raised_by="lin", raised_at=at, resolution=None)  # fmt: skip
    [pb] = problem_table([raised])
    assert (pb["entry.pb.status"], pb["entry.today.team"], pb["entry.pb.loan"]) == (
        "entry.pb.open", "", "",
    )  # fmt: skip
    assert set(adj) | set(pb) <= set(LABELS)
