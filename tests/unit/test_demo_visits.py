"""The demo visit records (SPEC §5.1 `demo`, §5.4): valid, realistic and reproducible."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import astuple, replace
from datetime import date

import pytest

from core.calendar import CampCalendar
from core.demo import CONSENT_NOTES, DEMO_TACTICS, demo_camp, demo_loans, demo_visits
from core.records import CONTACTS, PAID_AT_BRANCH
from core.scoring import LoanStart, Rules, VisitFacts, replay

ACK_CONTACTS = {"见到本人", "见到家属", "见到保证人"}
PAYING_CONTACTS = {"见到本人", "见到家属", "见到保证人", PAID_AT_BRANCH}


@pytest.fixture(scope="module")
def cfg():
    return demo_camp()


@pytest.fixture(scope="module")
def cal(cfg):
    return CampCalendar.from_config(cfg)


@pytest.fixture(scope="module")
def loans(cfg):
    return demo_loans(cfg)


@pytest.fixture(scope="module")
def visits(cfg, loans):
    return demo_visits(cfg, loans)


@pytest.fixture(scope="module")
def many(cfg, loans):
    """Many visits per loan: balances run out, so over-collection would show."""
    return demo_visits(cfg, loans[:300], n=20_000, seed=7)


def replay_balances(loans, visits):
    """Each loan's (principal, interest) after every visit, replayed in time order;
    fails on the first visit that collects more than is left."""
    left = {loan.loan_no: [loan.principal_fen, loan.interest_fen] for loan in loans}
    for v in sorted(visits, key=lambda v: (v.visited_at, v.team)):
        balance = left[v.loan_no]
        assert v.principal_fen <= balance[0], f"row {v.row} over-collects principal"
        assert v.interest_fen <= balance[1], f"row {v.row} over-collects interest"
        balance[0] -= v.principal_fen
        balance[1] -= v.interest_fen
    return left


# ---------------------------------------------------------------- shape


def test_the_same_seed_gives_the_same_visits_and_another_seed_others(cfg, loans, visits):
    assert demo_visits(cfg, loans) == visits
    assert demo_visits(cfg, loans, seed=1) != visits


def test_it_makes_as_many_visits_as_asked_numbered_as_rows_from_two(cfg, loans, visits):
    assert len(visits) == 3000
    assert [v.row for v in visits] == list(range(2, 3002))
    assert len(demo_visits(cfg, loans, n=17)) == 17
    assert demo_visits(cfg, loans, n=0) == []


def test_no_loans_or_no_teams_give_no_visits(cfg, loans):
    assert demo_visits(cfg, [], n=10) == []
    assert demo_visits(replace(cfg, teams=()), loans, n=10) == []


def test_every_visit_names_a_listed_loan_and_a_known_contact_result(loans, visits):
    loan_nos = {loan.loan_no for loan in loans}
    assert all(v.loan_no in loan_nos for v in visits)
    assert all(v.contact in CONTACTS for v in visits)


def test_no_two_visits_are_identical_in_every_column(visits, many):
    for batch in (visits, many):
        rows = Counter(astuple(replace(v, row=0)) for v in batch)
        assert rows.most_common(1)[0][1] == 1


def test_loans_get_several_visits_spread_across_teams_and_field_days(cfg, cal, visits):
    per_loan = Counter(v.loan_no for v in visits)
    assert max(per_loan.values()) >= 3
    assert {v.team for v in visits} == {t.name for t in cfg.teams}
    days = Counter(cal.period_of(cal.to_utc(v.visited_at)) for v in visits)
    assert set(days) == set(cal.field_days)
    assert min(days.values()) > 200


def test_the_contact_mix_is_close_to_a_real_camps(visits):
    share = {c: n / len(visits) for c, n in Counter(v.contact for v in visits).items()}
    expected = {
        "见到本人": 0.40,
        "见到家属": 0.15,
        "见到保证人": 0.05,
        "未见到": 0.15,
        "失联": 0.05,
        "拒绝沟通": 0.10,
        PAID_AT_BRANCH: 0.10,
    }
    for contact, want in expected.items():
        assert share[contact] == pytest.approx(want, abs=0.04), contact


def test_guarantors_are_met_only_on_loans_that_list_them(loans, visits):
    by_no = {loan.loan_no: loan for loan in loans}
    assert all(by_no[v.loan_no].guarantors for v in visits if v.contact == "见到保证人")


# ---------------------------------------------------------------- time and conduct


def test_every_visit_falls_inside_the_camp_window_on_a_whole_minute(cal, visits, many):
    for v in visits + many:
        assert v.visited_at.tzinfo is None
        assert v.visited_at.second == 0 and v.visited_at.microsecond == 0
        assert cal.in_window(cal.to_utc(v.visited_at)), f"row {v.row} at {v.visited_at}"


def test_most_visits_are_in_field_hours_and_about_a_tenth_in_the_night_shifts(cal, visits):
    night = [v for v in visits if cal.in_night_shift(cal.to_utc(v.visited_at))]
    assert 0.06 <= len(night) / len(visits) <= 0.14
    field = [
        v
        for v in visits
        if "08:30" <= f"{v.visited_at:%H:%M}" <= "12:00"
        or "14:00" <= f"{v.visited_at:%H:%M}" <= "17:30"
    ]
    assert len(field) + len(night) == len(visits)


def test_the_first_night_shift_before_the_first_field_day_is_used(cfg, cal, visits):
    eve = cal.date_of_day(cal.first_field_day - 1)
    assert any(v.visited_at.date() == eve for v in visits)
    assert all(v.visited_at.hour >= 22 for v in visits if v.visited_at.date() == eve)


def test_every_quiet_hours_visit_carries_a_consent_note(cal, visits, many):
    quiet = [v for v in visits + many if cal.in_quiet_hours(cal.to_utc(v.visited_at))]
    assert quiet
    for v in quiet:
        assert v.notes and v.notes.strip()
        assert any(note in v.notes for note in CONSENT_NOTES)


def test_members_belong_to_the_visits_team_and_only_paid_at_branch_may_have_none(cfg, visits, many):
    roster = {t.name: set(t.members) for t in cfg.teams}
    for v in visits + many:
        assert set(v.members) <= roster[v.team]
        assert len(set(v.members)) == len(v.members)
        assert len(v.members) <= 3
        if v.contact != PAID_AT_BRANCH:
            assert len(v.members) >= 1, f"row {v.row}"
    assert any(not v.members for v in visits if v.contact == PAID_AT_BRANCH)


def test_a_few_field_visits_have_a_single_collector(visits):
    field = [v for v in visits if v.contact != PAID_AT_BRANCH]
    single = sum(1 for v in field if len(v.members) == 1)
    assert 0.01 <= single / len(field) <= 0.06


def test_a_team_visits_only_loans_of_its_territory_or_of_none(cfg, loans, visits, many):
    holder = {t: team.name for team in cfg.teams for t in team.territories}
    township = {loan.loan_no: loan.township for loan in loans}
    outside_teams = set()
    for v in visits + many:
        owner = holder.get(township[v.loan_no])
        if owner is None:
            outside_teams.add(v.team)
        else:
            assert v.team == owner, f"row {v.row}"
    assert len(outside_teams) > 1  # loans in no territory are visited by several teams


# ---------------------------------------------------------------- money


def test_no_loan_is_ever_over_collected_in_time_order(loans, visits, many):
    replay_balances(loans, visits)
    left = replay_balances(loans, many)
    settled = [no for no, (p, i) in left.items() if p == 0 and i == 0]
    assert len(settled) > 30  # many visits per loan: balances really run out


def test_the_scoring_replay_accepts_every_loans_visits(cfg, cal, loans, many):
    rules = Rules.from_mapping(cfg.scoring)
    by_loan = defaultdict(list)
    for v in many:
        by_loan[v.loan_no].append(v)
    for loan in loans[:300]:
        start = LoanStart(
            principal_fen=loan.principal_fen,
            interest_fen=loan.interest_fen,
            written_off=loan.written_off,
            maturity_date=loan.maturity_date,
            last_payment_on=loan.last_payment_on,
            last_ack_on=loan.last_ack_on,
            sued_on=loan.sued_on,
        )
        facts = [
            VisitFacts(
                id=v.row,
                visited_at=cal.to_utc(v.visited_at),
                team=v.team,
                contact=v.contact,
                principal_fen=v.principal_fen,
                interest_fen=v.interest_fen,
                ack=v.ack,
                promise_date=v.promise_date,
                promise_amount_fen=v.promise_amount_fen,
                promise_method=v.promise_method,
                members=v.members,
            )
            for v in by_loan[loan.loan_no]
        ]
        replay(start, facts, rules, cal.tz)  # raises OverCollection on a bad visit


def test_money_comes_only_with_contacts_that_can_pay_and_mostly_not_at_all(loans, visits):
    paying = [v for v in visits if v.principal_fen or v.interest_fen]
    assert all(v.contact in PAYING_CONTACTS for v in paying)
    assert all(v.principal_fen >= 0 and v.interest_fen >= 0 for v in visits)
    assert 0.1 <= len(paying) / len(visits) <= 0.4
    by_no = {loan.loan_no: loan for loan in loans}
    settled = [
        v
        for v in paying
        if v.principal_fen == by_no[v.loan_no].principal_fen
        and v.interest_fen == by_no[v.loan_no].interest_fen
    ]
    assert 0 < len(settled) < len(paying) / 2
    round_parts = [v for v in paying if v.principal_fen and v.principal_fen % 50_000 == 0]
    assert len(round_parts) > len(paying) / 3


def test_paid_at_branch_visits_bring_money(visits):
    branch = [v for v in visits if v.contact == PAID_AT_BRANCH]
    assert branch
    assert all(v.principal_fen or v.interest_fen for v in branch)


# ---------------------------------------------------------------- receipts, promises, tactics


def test_signed_receipts_come_only_with_the_borrower_a_relative_or_a_guarantor(visits, many):
    for v in visits + many:
        if v.ack:
            assert v.contact in ACK_CONTACTS, f"row {v.row}"
    met = [v for v in visits if v.contact in ACK_CONTACTS]
    assert 0.2 <= sum(v.ack for v in met) / len(met) <= 0.4


def test_promises_are_mostly_complete_and_dated_after_the_visit(visits):
    promises = [
        v for v in visits if v.promise_date or v.promise_amount_fen is not None or v.promise_method
    ]
    assert all(v.contact in {"见到本人", "见到家属"} for v in promises)
    met = [v for v in visits if v.contact in {"见到本人", "见到家属"}]
    assert 0.1 <= len(promises) / len(met) <= 0.3
    complete = [v for v in promises if v.promise_date and v.promise_amount_fen and v.promise_method]
    incomplete = [v for v in promises if v not in complete]
    assert incomplete and len(incomplete) < len(promises) / 4
    for v in promises:
        assert v.promise_amount_fen and v.promise_amount_fen > 0
        if v.promise_date is not None:
            assert isinstance(v.promise_date, date)
            assert v.promise_date > v.visited_at.date()
        if v.promise_method is not None:
            assert v.promise_method in {"现金", "转账", "代扣"}


def test_tactics_come_from_the_demo_library_zero_to_two_a_visit(visits):
    assert len(set(DEMO_TACTICS)) == len(DEMO_TACTICS) >= 6
    assert all(len(v.tactics) <= 2 and set(v.tactics) <= set(DEMO_TACTICS) for v in visits)
    assert all(len(set(v.tactics)) == len(v.tactics) for v in visits)
    assert Counter(len(v.tactics) for v in visits).keys() == {0, 1, 2}
