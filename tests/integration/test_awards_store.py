"""/awards through the store, on SQLite and PostgreSQL: the defaults, the suggestions from a
hand-built camp, nominations, votes (also racing), reveals and certificates.

The sample camp (青禾, 2026-12-14, field days 3–7; 尖刀队 林晓 许诺 曹阳 邓佳, 突击队 龚平
范婷 邵峰; 10 points per 10,000 元 of principal, 5 of interest, 3 for a signature on an
urgent limitation, 1 for a first complete promise). The visits below, worked by hand:

| # | period | team | members | loan | what | points |
|---|---|---|---|---|---|---|
| 1 | day 3 | 尖刀队 | 林晓 许诺 | 胡丽 (expired) | 10,000 元 principal | 10.00 |
| 2 | day 3 | 突击队 | 龚平 范婷 | 杨长江 (expired) | 5,000 元 principal | 5.00 |
| 3 | day 4, night | 尖刀队 | 林晓 许诺 | 周德明 (urgent) | signed receipt | 3.00 |
| 4 | day 4 | 突击队 | 龚平 范婷 | 刘丽 (expired) | 20,000 元 principal | 20.00 |
| 5 | day 4 | 尖刀队 | 林晓 曹阳 | 张志强 (expired) | complete promise | 1.00 |
| 6 | day 7, night | 突击队 | 邵峰 范婷 | 杨长江 (now safe) | 1,000 元 interest | 0.50 |
| 7 | day 4 | 尖刀队 | 曹阳 邓佳 | 吴长江 | 50,000 元, then voided | — |

Only visit 3 takes a loan from expired or urgent to safe: SPEC §4.4 (revised) — a payment
after expiry (visits 1, 2, 4) is cash but the loan stays expired until the borrower signs;
5 does not either (a promise without a signed paper). Day 3 ranks 尖刀队 1st (10.00 v
5.00), day 7 ranks 突击队 1st (0.50 v 0): 突击队 rose one place.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.awards import AwardRefused, Figure, figures_text
from core.certificate import certificates_pdf
from db import awards as store
from db.engine import writer
from db.models import AwardCategory, Nomination, Visit, Vote
from db.queries import awards as reads
from db.queries.awards import AwardsBoard
from db.uow import UnitOfWork
from db.visits import record_visits, set_frozen, void_visit
from tests.conftest import Prepare
from tests.integration.test_summary import HU, LIU_LI, WU, YANG, ZHANG, ZHOU
from tests.integration.test_visits import APPOINTMENT, visit
from tests.unit.test_pdf import pdf_text

CODE = "qh-sample"
CEREMONY = datetime(2026, 12, 20, 11, 0, tzinfo=UTC)  # 19:00 on the last day, in Shanghai


@pytest.fixture
def camp(engine: Engine, db_url: str, prepare: Prepare) -> str:
    prepare(db_url, "loans")  # the sample camp and its loans
    return CODE


@pytest.fixture
def played(engine: Engine, camp: str) -> str:
    jd, tj = ("林晓", "许诺"), ("龚平", "范婷")
    record_visits(engine, camp, [
        visit(2, "2026-12-16 10:00", "尖刀队", jd, HU, principal=1_000_000),
        visit(3, "2026-12-16 11:00", "突击队", tj, YANG, principal=500_000),
        visit(4, "2026-12-16 23:30", "尖刀队", jd, ZHOU, ack=True, notes="客户同意夜间上门",
              **APPOINTMENT),
        visit(5, "2026-12-17 09:00", "突击队", tj, LIU_LI, principal=2_000_000),
        visit(6, "2026-12-17 11:00", "尖刀队", ("林晓", "曹阳"), ZHANG,
              promise_date=date(2026, 12, 18), promise_amount_fen=300_000, promise_method="转账"),
        visit(7, "2026-12-20 05:00", "突击队", ("邵峰", "范婷"), YANG, interest=100_000,
              notes="客户白天务工，约定清晨上门", **APPOINTMENT),
        visit(8, "2026-12-17 12:00", "尖刀队", ("曹阳", "邓佳"), WU, principal=5_000_000),
    ])  # fmt: skip
    with engine.connect() as conn:
        wrong = conn.scalar(select(func.max(Visit.id)))
    void_visit(engine, camp, wrong, "typed the wrong loan", "trainer")
    store.ensure_categories(engine, camp)
    return camp


def board(engine: Engine, now: datetime = CEREMONY) -> AwardsBoard:
    b = reads.awards_board(engine, CODE, now)
    assert b is not None
    return b


def category(b: AwardsBoard, name: str):  # noqa: ANN201
    return next(c for c in b.categories if c.name == name)


def suggested(b: AwardsBoard, name: str) -> list[tuple[str, str | None, str]]:
    return [(s.nominee, s.team, figures_text(s.figures)) for s in category(b, name).suggestions]


# ----------------------------------------------------------------------------- categories


def test_a_camp_without_awards_gets_the_six_defaults_once(engine: Engine, camp: str) -> None:
    assert store.ensure_categories(engine, camp) is True
    assert store.ensure_categories(engine, camp) is False
    b = board(engine)
    assert [(c.name, c.subject, c.rule, c.position) for c in b.categories] == [
        ("冠军团队", "team", "champion_team", 0), ("清收标兵", "member", "top_member", 1),
        ("最佳谈判手", "member", "negotiator", 2), ("夜战之星", "member", "night_star", 3),
        ("最佳进步团队", "team", "progress_team", 4),
        ("时效守护奖", "member", "limitation_guard", 5),
    ]  # fmt: skip
    assert b.teams == ("尖刀队", "突击队") and b.members["邵峰"] == "突击队"
    assert store.ensure_categories(engine, "no-such-camp") is False


def test_the_admin_renames_adds_and_removes_awards(engine: Engine, camp: str) -> None:
    store.ensure_categories(engine, camp)
    b = board(engine)
    champion, star = category(b, "冠军团队"), category(b, "清收标兵")
    store.edit_category(engine, camp, star.id, " 清收状元 ", "个人积分第一", "admin")
    with pytest.raises(AwardRefused) as info:
        store.edit_category(engine, camp, champion.id, "清收状元", "", "admin")
    assert info.value.key == "awards.err.name_taken"
    new = store.add_category(engine, camp, "最佳后勤奖", "member", "保障有力", "admin")
    with pytest.raises(AwardRefused, match="name_taken"):
        store.add_category(engine, camp, "最佳后勤奖", "team", "", "admin")
    with pytest.raises(AwardRefused, match="awards.err.name"):
        store.add_category(engine, camp, "  ", "team", "", "admin")
    store.nominate(engine, camp, champion.id, "突击队", "冲得最猛", "trainer")
    store.remove_category(engine, camp, champion.id, "admin")
    b = board(engine)
    assert [c.name for c in b.categories][-2:] == ["时效守护奖", "最佳后勤奖"]
    assert "冠军团队" not in [c.name for c in b.categories]
    mine = b.category(new)
    assert (mine.rule, mine.subject, mine.suggestions, mine.result.winner) == ("", "member", (),
                                                                                None)  # fmt: skip
    assert category(b, "清收状元").description == "个人积分第一"
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Nomination)) == 0


# ----------------------------------------------------------------------------- suggestions


def test_the_suggestions_come_from_the_counted_visits_with_their_figures(
    engine: Engine, played: str
) -> None:
    b = board(engine)
    assert b.progress == (3, 7)
    assert suggested(b, "冠军团队") == [
        ("突击队", None, "25.50 分，现金 2.60 万元"),
        ("尖刀队", None, "14.00 分，现金 1.00 万元"),  # the voided 50,000 元 is not in it
    ]
    assert suggested(b, "清收标兵") == [
        ("范婷", "突击队", "12.75 分，现金 1.30 万元"),
        ("龚平", "突击队", "12.50 分，现金 1.25 万元"),
        ("林晓", "尖刀队", "7.00 分，现金 0.50 万元"),
    ]
    # 林晓: the signature and the promise; 许诺 and 曹阳 one each, 许诺 with more cash
    assert [s[0] for s in suggested(b, "最佳谈判手")] == ["林晓", "许诺", "曹阳"]
    assert category(b, "最佳谈判手").suggestions[0].figures == (
        Figure("deals", 2),
        Figure("promises", 1),
        Figure("acks", 1),
        Figure("cash", 500_000),
    )
    # night shifts: 1.50 each to 林晓 and 许诺 (name decides), 0.25 to 范婷 and 邵峰
    assert suggested(b, "夜战之星") == [
        ("林晓", "尖刀队", "夜班 1.50 分，夜班走访 1 次，夜班现金 0.00 万元"),
        ("许诺", "尖刀队", "夜班 1.50 分，夜班走访 1 次，夜班现金 0.00 万元"),
        ("范婷", "突击队", "夜班 0.25 分，夜班走访 1 次，夜班现金 0.05 万元"),
    ]
    assert suggested(b, "最佳进步团队") == [
        ("突击队", None, "上升 1 名，第3天第 2 名，第7天第 1 名，第7天 0.50 分"),
    ]
    # one save each for 林晓 and 许诺 (visit 3), equal cash: the name decides
    assert suggested(b, "时效守护奖") == [
        ("林晓", "尖刀队", "保全时效 1 笔，现金 0.50 万元"),
        ("许诺", "尖刀队", "保全时效 1 笔，现金 0.50 万元"),
    ]


def test_before_the_second_period_there_is_no_progress_and_the_last_begun_stands_in(
    engine: Engine, played: str
) -> None:
    day3 = datetime(2026, 12, 16, 1, 0, tzinfo=UTC)  # 09:00 on day 3
    assert board(engine, day3).progress is None
    assert category(board(engine, day3), "最佳进步团队").suggestions == ()
    day4 = datetime(2026, 12, 17, 1, 0, tzinfo=UTC)  # day 4's period is running
    assert board(engine, day4).progress == (3, 4)
    # day 4: 突击队 20.00 v 尖刀队 4.00 — 突击队 rose from 2nd to 1st
    assert suggested(board(engine, day4), "最佳进步团队")[0][0] == "突击队"


def test_visits_entered_after_the_freeze_are_left_out(engine: Engine, played: str) -> None:
    set_frozen(engine, played, datetime.now(UTC), "admin")
    record_visits(engine, played, [
        visit(2, "2026-12-19 23:00", "尖刀队", ("邓佳", "曹阳"), WU, principal=3_000_000,
              notes="客户同意夜间上门", **APPOINTMENT),
    ])  # fmt: skip
    b = board(engine)
    assert suggested(b, "冠军团队")[0][0] == "突击队"
    assert "邓佳" not in [s[0] for s in suggested(b, "夜战之星")]


# ----------------------------------------------------------------------------- nominations


def test_a_nominee_is_nominated_once_per_award_with_a_reason(engine: Engine, played: str) -> None:
    b = board(engine)
    star, night = category(b, "清收标兵"), category(b, "夜战之星")
    store.nominate(engine, played, star.id, "龚平", "单日回收两万元", "trainer")
    with pytest.raises(AwardRefused) as info:
        store.nominate(engine, played, star.id, "龚平", "另一个理由", "admin")
    assert info.value.key == "awards.err.nominated"
    assert info.value.text() == "龚平 已被提名为“清收标兵”，无需重复提名。"
    store.nominate(engine, played, night.id, "龚平", "也跑了夜班", "admin")  # another award
    with pytest.raises(AwardRefused, match="awards.err.reason"):
        store.nominate(engine, played, star.id, "范婷", "   ", "trainer")
    with pytest.raises(AwardRefused, match="awards.err.not_member"):
        store.nominate(engine, played, star.id, "突击队", "团队不是队员", "trainer")
    with pytest.raises(AwardRefused, match="awards.err.not_team"):
        store.nominate(engine, played, category(b, "冠军团队").id, "龚平", "队员不是团队", "admin")
    rows = board(engine).category(star.id).nominations
    assert [(n.nominee, n.reason, n.nominated_by) for n in rows] == [
        ("龚平", "单日回收两万元", "trainer")
    ]


def test_a_reason_naming_a_customer_is_shown_masked(engine: Engine, played: str) -> None:
    star = category(board(engine), "清收标兵").id
    reason = "让周德明本人签收回执，电话15691825335，林晓全程陪同"
    store.nominate(engine, played, star, "林晓", reason, "trainer")
    shown = board(engine).category(star).nominations[0].reason
    assert shown == "让周**本人签收回执，电话156****5335，林晓全程陪同"  # staff names stay
    with engine.connect() as conn:  # the store keeps what was typed
        assert conn.scalar(select(Nomination.reason)) == reason


def test_the_store_itself_refuses_a_second_nomination_of_the_same_nominee(
    engine: Engine, played: str
) -> None:
    star = category(board(engine), "清收标兵")
    row = {"category_id": star.id, "nominee": "龚平", "reason": "x", "nominated_by": "t",
           "nominated_at": datetime.now(UTC)}  # fmt: skip
    with Session(engine) as s:
        s.execute(insert(Nomination), [row])
        with pytest.raises(IntegrityError):
            s.execute(insert(Nomination), [row])
        s.rollback()


# ----------------------------------------------------------------------------- votes


def nominated(engine: Engine, camp: str, award: str, *names: str) -> int:
    c = category(board(engine), award)
    for name in names:
        store.nominate(engine, camp, c.id, name, f"{name}的事迹", "trainer")
    return c.id


def votes(engine: Engine, category_id: int) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return sorted(
            conn.execute(
                select(Vote.voter, Vote.nominee).where(Vote.category_id == category_id)
            ).all()
        )


def test_one_vote_per_voter_per_award_and_a_changed_vote_updates_its_row(
    engine: Engine, played: str
) -> None:
    star = nominated(engine, played, "清收标兵", "龚平", "范婷", "林晓")
    assert store.vote(engine, played, star, "manager", "龚平") is None
    assert store.vote(engine, played, star, "manager", "范婷") == "龚平"  # changed
    assert store.vote(engine, played, star, "manager", "范婷") == "范婷"  # the same again
    store.vote(engine, played, star, "trainer", "林晓")
    assert votes(engine, star) == [("manager", "范婷"), ("trainer", "林晓")]
    assert reads.my_votes(engine, played, "manager") == {star: "范婷"}
    with pytest.raises(AwardRefused, match="not_nominated"):
        store.vote(engine, played, star, "admin", "邵峰")
    result = board(engine).category(star).result
    # one vote each: the suggestion rank decides (范婷 1st on the data, 林晓 3rd)
    assert (result.winner, result.votes, result.total) == ("范婷", 1, 2)


def race(*jobs) -> list[BaseException]:  # noqa: ANN002
    """Run the jobs at the same moment in threads; the errors they raised."""
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def go(job) -> None:  # noqa: ANN001
        start.wait()
        try:
            job()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(job,)) for job in jobs]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    return errors


def test_a_voter_voting_from_two_browsers_at_once_leaves_one_vote(
    engine: Engine, played: str
) -> None:
    star = nominated(engine, played, "清收标兵", "龚平", "范婷")
    for _ in range(3):
        errors = race(
            lambda: store.vote(engine, played, star, "manager", "龚平"),
            lambda: store.vote(engine, played, star, "manager", "范婷"),
            lambda: store.vote(engine, played, star, "trainer", "范婷"),
        )
        assert errors == []
        rows = votes(engine, star)
        assert [v for v, _ in rows] == ["manager", "trainer"]
        assert rows[0][1] in ("龚平", "范婷")


def test_the_vote_upsert_keeps_one_row_even_without_the_camp_lock(
    engine: Engine, played: str
) -> None:
    """Two first votes of one voter racing straight to the table: the unique constraint and
    INSERT … ON CONFLICT DO UPDATE leave one row, whoever commits last."""
    star = nominated(engine, played, "清收标兵", "龚平", "范婷")

    def raw(nominee: str):  # noqa: ANN202
        def job() -> None:
            with Session(writer(engine)) as s, s.begin():
                store._upsert_vote(s, star, "screen-two", nominee)

        return job

    for _ in range(3):
        assert race(raw("龚平"), raw("范婷"), raw("龚平")) == []
        assert len(votes(engine, star)) == 1


# ----------------------------------------------------------------------------- the ceremony


def test_the_admin_reveals_one_award_and_voting_and_nominating_in_it_close(
    engine: Engine, played: str
) -> None:
    star = nominated(engine, played, "清收标兵", "龚平", "范婷")
    other = nominated(engine, played, "夜战之星", "林晓")
    store.vote(engine, played, star, "manager", "龚平")
    store.vote(engine, played, star, "trainer", "龚平")
    store.vote(engine, played, star, "admin", "范婷")
    at = datetime(2026, 12, 20, 11, 5, tzinfo=UTC)
    assert store.reveal(engine, played, star, "admin", at) == at
    assert store.reveal(engine, played, star, "admin") == at  # again: the first time stays
    b = board(engine)
    revealed = b.category(star)
    assert revealed.revealed and not b.category(other).revealed
    assert (revealed.result.winner, revealed.result.votes, revealed.result.total) == (
        "龚平", 2, 3)  # fmt: skip
    assert revealed.winner_team == "突击队"
    assert figures_text(revealed.winner_figures) == "12.50 分，现金 1.25 万元"
    with pytest.raises(AwardRefused, match="awards.err.revealed"):
        store.vote(engine, played, star, "manager", "范婷")
    with pytest.raises(AwardRefused, match="awards.err.revealed"):
        store.nominate(engine, played, star, "林晓", "补充提名", "trainer")
    store.vote(engine, played, other, "manager", "林晓")  # the others stay open

    store.seal(engine, played, star, "admin")  # a reveal by mistake: sealed, voting reopens
    assert not board(engine).category(star).revealed
    store.vote(engine, played, star, "admin", "龚平")
    assert board(engine).category(star).result.votes == 3


def test_an_award_without_votes_goes_to_the_first_on_the_data(engine: Engine, played: str) -> None:
    champion = category(board(engine), "冠军团队").id
    store.reveal(engine, played, champion, "admin", CEREMONY)
    result = board(engine).category(champion).result
    assert (result.winner, result.by_data, result.total) == ("突击队", True, 0)


def test_certificates_name_the_winner_and_are_dated_the_camp_local_day_of_the_reveal(
    engine: Engine, played: str
) -> None:
    star = nominated(engine, played, "清收标兵", "龚平")
    store.vote(engine, played, star, "manager", "龚平")
    champion = category(board(engine), "冠军团队").id
    # 00:30 on 12-21 in Shanghai is still 12-20 in UTC: the date is the camp's
    store.reveal(engine, played, star, "admin", datetime(2026, 12, 20, 16, 30, tzinfo=UTC))
    store.reveal(engine, played, champion, "admin", CEREMONY)
    b = board(engine)
    certs = reads.certificates(b)
    assert [(c.award, c.winner, c.team, c.on) for c in certs] == [
        ("冠军团队", "突击队", None, date(2026, 12, 20)),
        ("清收标兵", "龚平", "突击队", date(2026, 12, 21)),
    ]
    assert certs[0].camp_name == "青禾农商银行2026年冬季不良贷款清收训练营"
    assert certs[0].bank == "青禾农村商业银行"
    assert [c.award for c in reads.certificates(b, [star])] == ["清收标兵"]
    text = pdf_text(certificates_pdf(certs))
    assert "龚平 同志（突击队）" in text and "2026年12月21日" in text and "冠军团队" in text


def test_every_write_bumps_the_data_version_so_the_screens_follow(
    engine: Engine, played: str
) -> None:
    star = category(board(engine), "清收标兵").id
    keys = [reads.awards_key(engine, played, CEREMONY)]
    store.nominate(engine, played, star, "龚平", "理由", "trainer")
    keys.append(reads.awards_key(engine, played, CEREMONY))
    store.vote(engine, played, star, "manager", "龚平")
    keys.append(reads.awards_key(engine, played, CEREMONY))
    store.reveal(engine, played, star, "admin", CEREMONY)
    keys.append(reads.awards_key(engine, played, CEREMONY))
    assert len(set(keys)) == 4
    assert reads.awards_key(engine, "no-such-camp", CEREMONY) is None
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(AwardCategory)) == 6
