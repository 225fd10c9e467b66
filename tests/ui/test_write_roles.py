"""Every write control of every page re-checks the role on the server (issue 8, SPEC §2).

Each case opens a page as the admin and gets one write control ready (a form filled, a
row picked). Then the session changes hands: its user becomes one of the role under
test — what app.py's gate puts in the session state on the next run once the user's role
changed in the store (AppTest runs the page script alone after `switch_page`, so the test
puts it there itself) — and the control is clicked. For that click the two outer locks
are taken away: every page is registered for every role and every `ui.allowed` check
says yes, so the page draws the control for a role that may not use it (what a forged
widget message or a page bug would give). What is left is the check made on the server
right before the write (`ui.require` in `ui.attempt` and its siblings). A role that may
not act must be refused with the "no permission" message (the screen role on /awards is
shown the ceremony only, so it never meets the control) and the store must not change
by one row; the least privileged role that may act must get its write through, so each
case is known to drive the real write.

`tests/ui/test_require.py` covers `require` for every action and role on its own, and
`tests/ui/test_auth.py` the gate and the navigation a role is offered; the checks the
post-loan store makes itself are at the end.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from core.errors import InputRejected
from core.notices import SELECT_TEAM, Selection
from core.roles import ACTIONS, PAGES, ROLES
from db import awards
from db.engine import make_engine
from db.entry import raise_problem
from db.models import Base, Visit
from db.notices import print_batch
from db.postloan import add_signal, close_signal, list_tasks, record_followup
from db.queries import awards as award_reads
from db.users import SessionUser, add_user
from db.visits import record_visits
from tests.conftest import SAMPLES
from tests.integration.test_cli import run
from tests.integration.test_visits import SHIQIAO, visit
from tests.ui.conftest import APP, PASSWORD
from tests.ui.test_entry_page import fill, grid_row

CODE = "qh-sample"
MEETING = datetime(2026, 12, 17, 10, 30, tzinfo=UTC)  # 18:30 on camp day 4 in Shanghai
CLOSING = datetime(2026, 12, 21, 2, 0, tzinfo=UTC)  # the morning after the last day
CEREMONY = datetime(2026, 12, 20, 11, 0, tzinfo=UTC)  # 19:00 on day 7
LATER = datetime(2027, 2, 1, 2, 0, tzinfo=UTC)  # weeks after the close
OWNER = "孙经理"  # a 客户经理 of the sample list: the manager user's display name
DENIED = "无权"
USERS = {"admin": ("admin", "admin-name"), "trainer": ("trainer", "trainer-name"),
         "manager": ("manager", OWNER), "screen": ("screen", "screen-name")}  # fmt: skip
ORDER = ("screen", "manager", "trainer", "admin")  # least privileged first


# --------------------------------------------------------------------------- the stores


def _build(path: Path, samples: Path, closed: bool) -> None:
    url = f"sqlite:///{path}"
    assert run(url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    assert run(url, "loans-import", CODE, str(samples / "loans_sample.xlsx"))[0] == 0
    engine = make_engine(url)
    add_user(engine, "admin", "admin", "admin-name", PASSWORD)
    add_user(engine, "trainer", "trainer", "trainer-name", PASSWORD)
    add_user(engine, "manager", "manager", OWNER, PASSWORD)
    add_user(engine, "screen", "screen", "screen-name", PASSWORD)
    add_user(engine, "wang", "manager", "王行长", PASSWORD)
    record_visits(engine, CODE, [visit(2, "2026-12-16 10:00", loan=SHIQIAO, principal=100_000)])
    raise_problem(engine, CODE, "客户称已还款，需核对流水", "trainer", team="尖刀队")
    printed = print_batch(engine, CODE, Selection(SELECT_TEAM, team="尖刀队"), actor="admin",
                          actor_role="admin", now=MEETING)  # fmt: skip
    assert printed.numbers, "the receipts control needs a notice out"
    awards.ensure_categories(engine, CODE)
    star = next(c for c in award_reads.awards_board(engine, CODE, CEREMONY).categories
                if c.name == "清收标兵")  # fmt: skip
    awards.nominate(engine, CODE, star.id, "林晓", "带队冲在前面", "trainer")
    engine.dispose()
    if closed:
        assert run(url, "close-camp", CODE, "--at", "2026-12-20")[0] == 0


@pytest.fixture(scope="module")
def templates(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    made = {}
    for name in ("open", "closed"):
        path = tmp_path_factory.mktemp(f"write-roles-{name}") / "camp.db"
        shutil.copyfile(sqlite_template, path)
        _build(path, SAMPLES, closed=name == "closed")
        made[name] = path
    return made


def snapshot(engine: Engine) -> dict[str, list[str]]:
    """Every row of every table, to tell whether a click wrote anything at all."""
    with engine.connect() as conn:
        return {
            t.name: sorted(repr(tuple(r)) for r in conn.execute(select(t)))
            for t in Base.metadata.sorted_tables
        }


# --------------------------------------------------------------------------- the controls


def keyed(widgets, prefix: str, suffix: str = ""):  # noqa: ANN001, ANN201
    """The widget whose key starts and ends so (the middle follows the stored data)."""
    return next(w for w in widgets if w.key and w.key.startswith(prefix) and w.key.endswith(suffix))


def labelled(widgets, label: str):  # noqa: ANN001, ANN201
    return next(w for w in widgets if w.label == label)


def submit_of(at: AppTest, form: str):  # noqa: ANN201
    """The submit button of the form with that key."""
    return next(b for b in at.button if b.proto.is_form_submitter and b.proto.form_id == form)


@dataclass(frozen=True)
class Control:
    """A write control: its page, the action its write needs, how to get it ready (as the
    admin; may click other things first) and return the button that writes."""

    name: str
    page: str
    action: str
    ready: Callable[[AppTest], object]
    store: str = "open"
    now: datetime = MEETING


def _camp_file(at: AppTest):  # noqa: ANN202
    toml = (
        (SAMPLES / "camp_sample.toml")
        .read_text(encoding="utf-8")
        .replace('code = "qh-sample"', 'code = "qh-second"')
    )
    at.text_area(key="setup_camp_paste").input(toml)
    return at.button(key="setup_camp_load")


def _camp_form(at: AppTest):  # noqa: ANN202
    keyed(at.text_input, "setup_cf_edit_", "_name").input("青禾农商银行2027年春季训练营")
    return next(b for b in at.button if b.proto.is_form_submitter)


def _scope(at: AppTest):  # noqa: ANN202
    keyed(at.multiselect, "setup_scope_", "_seg").set_value(["涉农"])
    return at.button(key="setup_scope_save")


def _teams(at: AppTest):  # noqa: ANN202
    return at.button(key="setup_teams_save")


def _pairings(at: AppTest):  # noqa: ANN202
    return at.button(key="setup_pairings_save")


def _scoring(at: AppTest):  # noqa: ANN202
    keyed(at.number_input, "setup_w_", "_ack_urgent").set_value(20.0).run()
    at.button(key="setup_scoring_preview").click().run()
    return at.button(key="setup_scoring_confirm")


def _rules(at: AppTest):  # noqa: ANN202
    keyed(at.text_area, "setup_rules_").input("迟到扣 1 分")
    return at.button(key="setup_rules_save")


def _defaults(at: AppTest):  # noqa: ANN202
    return at.button(key="setup_items_defaults")


def _items(at: AppTest):  # noqa: ANN202
    return at.button(key="setup_items_conduct_save")


def _user_add(at: AppTest):  # noqa: ANN202
    at.text_input(key="setup_user_add_username").input("zhao")
    at.text_input(key="setup_user_add_name").input("赵老师")
    at.text_input(key="setup_user_add_password").input(PASSWORD)
    return submit_of(at, "setup_user_add")


def _pick_wang(at: AppTest) -> None:
    at.selectbox(key="setup_user_pick").set_value("wang").run()


def _user_save(at: AppTest):  # noqa: ANN202
    _pick_wang(at)
    keyed(at.text_input, "setup_user_wang", "_name").input("王副行长")
    return keyed(at.button, "setup_user_wang", "_save")


def _user_toggle(at: AppTest):  # noqa: ANN202
    _pick_wang(at)
    return keyed(at.button, "setup_user_wang", "_toggle")


def _user_reset(at: AppTest):  # noqa: ANN202
    _pick_wang(at)
    keyed(at.text_input, "setup_user_wang", "_pw").input("another-long-password")
    return keyed(at.button, "setup_user_wang", "_reset")


def _user_delete(at: AppTest):  # noqa: ANN202
    _pick_wang(at)
    keyed(at.checkbox, "setup_user_wang", "_sure").check().run()
    return keyed(at.button, "setup_user_wang", "_delete")


def _loans_import(at: AppTest):  # noqa: ANN202
    data = SAMPLES / "loans_sample.xlsx"
    at.file_uploader(key="setup_loans_file").set_value(
        ("loans.xlsx", data.read_bytes(), "application/octet-stream")
    )
    at.run()
    return at.button(key="setup_loans_import")


def _ledger_import(at: AppTest):  # noqa: ANN202
    text = f"借据号,交易日期,还款本金\n{SHIQIAO},2026-12-16,100\n"
    at.file_uploader(key="setup_ledger_file").set_value(
        ("还款流水.csv", text.encode("utf-8"), "text/csv")
    )
    at.run()
    return at.button(key="setup_ledger_import")


def _ledger_awards(at: AppTest):  # noqa: ANN202
    next(t for t in at.toggle if t.key.startswith("setup_ledger_awards")).set_value(True).run()
    return at.button(key="setup_ledger_awards_save")


def _freeze(at: AppTest):  # noqa: ANN202
    return at.button(key="setup_freeze")


def _unfreeze(at: AppTest):  # noqa: ANN202
    at.button(key="setup_freeze").click().run()
    return at.button(key="setup_unfreeze")


def _close(at: AppTest):  # noqa: ANN202
    at.checkbox(key="setup_close_sure").check().run()
    return at.button(key="setup_close")


def _entry_form(at: AppTest):  # noqa: ANN202
    fill(at, query=SHIQIAO, entry_f_principal_yuan="200")
    return at.button(key="entry_f_save")


def _entry_grid(at: AppTest):  # noqa: ANN202
    at.session_state["entry_grid_base"] = [grid_row(principal=1000.0, time=time(11, 0))]
    at.run()
    return at.button(key="entry_grid_save")


def _entry_upload(at: AppTest):  # noqa: ANN202
    from core.visitfile import VISIT_FIELDS
    from tests.workbooks import write_csv

    head = {names[0]: field_ for field_, names in VISIT_FIELDS.items()}
    values = {"loan_no": SHIQIAO, "team": "尖刀队", "members": "林晓、许诺",
              "contact": "见到本人", "principal_fen": "300"}  # fmt: skip
    row = [values.get(head[h], "") for h in head]
    row[list(head.values()).index("visited_at")] = "2026-12-16 11:00"
    path = write_csv(Path(at.session_state["_tmp"]) / "visits.csv", [list(head), row])
    at.file_uploader(key="entry_up_file").set_value(("visits.csv", path.read_bytes(), "text/csv"))
    at.run()
    return at.button(key="entry_up_import")


def _today_visit(at: AppTest, action: str) -> int:
    # the day the template's visit was typed in (today's entries go by the entry time)
    engine = make_engine(at.session_state["_url"])
    with engine.connect() as conn:
        entered = conn.execute(select(Visit.entered_at)).scalar_one()
    engine.dispose()
    day = entered.replace(tzinfo=entered.tzinfo or UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    at.date_input(key="entry_t_day").set_value(day.date()).run()
    at.radio(key="entry_t_action").set_value(action).run()
    return at.selectbox(key="entry_t_pick").value


def _entry_void(at: AppTest):  # noqa: ANN202
    vid = _today_visit(at, "void")
    at.text_input(key=f"entry_c{vid}_void_reason").input("录入重复")
    return at.button(key=f"entry_c{vid}_void")


def _entry_correct(at: AppTest):  # noqa: ANN202
    vid = _today_visit(at, "correct")
    at.text_input(key=f"entry_c{vid}_principal_yuan").input("300")
    at.text_input(key=f"entry_c{vid}_reason").input("看错金额")
    return at.button(key=f"entry_c{vid}_save")


def _entry_adjust(at: AppTest):  # noqa: ANN202
    at.text_input(key="entry_adj_points").input("-3")
    at.text_input(key="entry_adj_reason").input("晨会迟到")
    return at.button(key="entry_adj_save")


def _entry_problem(at: AppTest):  # noqa: ANN202
    at.text_area(key="entry_pb_text").input("地址有误")
    return at.button(key="entry_pb_raise_button")


def _entry_problem_close(at: AppTest):  # noqa: ANN202
    at.text_input(key="entry_pb_resolution").input("已核对：未到账")
    return at.button(key="entry_pb_close")


def _entry_tactics(at: AppTest):  # noqa: ANN202
    return at.button(key="setup_items_tactic_save")


def _plan_save(at: AppTest):  # noqa: ANN202
    return at.button(key="research_plan_save")


def _plan_reset(at: AppTest):  # noqa: ANN202
    at.button(key="research_plan_save").click().run()
    return at.button(key="research_plan_reset")


def _strategies(at: AppTest):  # noqa: ANN202
    return at.button(key="research_strategies_save")


def _attention(at: AppTest):  # noqa: ANN202
    labelled(at.text_area, "注意事项").input("逢集日人多，上午走访")
    return at.button(key="research_att_save_0")


def _summary_problem(at: AppTest):  # noqa: ANN202
    at.text_area(key="summary_pb_text").input("石桥乡红旗村地址有误")
    return submit_of(at, "summary_pb_add")


def _summary_problem_close(at: AppTest):  # noqa: ANN202
    at.text_input(key="summary_pb_resolution").input("已与村委核实新地址")
    return submit_of(at, "summary_pb_close")


def _category(at: AppTest, name: str = "清收标兵") -> int:
    return next(int(k.key.rsplit("_", 1)[1]) for k in at.text_input
                if k.key and k.key.startswith("awards_name_") and k.value == name)  # fmt: skip


def _award_edit(at: AppTest):  # noqa: ANN202
    cid = _category(at)
    at.text_input(key=f"awards_name_{cid}").input("清收状元")
    return submit_of(at, f"awards_edit_{cid}")


def _award_remove(at: AppTest):  # noqa: ANN202
    cid = _category(at, "夜战之星")
    at.checkbox(key=f"awards_rm_ok_{cid}").check().run()
    return at.button(key=f"awards_rm_{cid}")


def _award_add(at: AppTest):  # noqa: ANN202
    at.text_input(key="awards_add_name").input("最佳新人")
    at.text_area(key="awards_add_desc").input("第一次参加训练营表现最好的队员")
    return submit_of(at, "awards_add")


def _nominate(at: AppTest):  # noqa: ANN202
    cid = _category(at)
    at.selectbox(key="awards_nom_cat").set_value(cid).run()
    at.selectbox(key=f"awards_nom_who_{cid}").set_value("许诺")
    at.text_area(key=f"awards_nom_reason_{cid}").input("单日回收两万元")
    return submit_of(at, f"awards_nom_form_{cid}")


def _vote(at: AppTest):  # noqa: ANN202
    cid = _category(at)
    at.radio(key=f"awards_vote_{cid}").set_value("林晓")
    return at.button(key=f"awards_vote_go_{cid}")


def _reveal_next(at: AppTest):  # noqa: ANN202
    return at.button(key="awards_reveal_next")


def _reveal_pick(at: AppTest):  # noqa: ANN202
    return at.button(key="awards_reveal_pick")


def _seal(at: AppTest):  # noqa: ANN202
    at.button(key="awards_reveal_pick").click().run()
    return at.button(key="awards_seal_pick")


def _owner(at: AppTest) -> None:
    labelled(at.selectbox, "责任人（客户经理）").set_value(OWNER).run()


def _followup(at: AppTest):  # noqa: ANN202
    _owner(at)
    labelled(at.text_input, "收回本金（元）").set_value("100")
    return labelled(at.button, "保存跟进")


def _reassign(at: AppTest):  # noqa: ANN202
    _owner(at)
    labelled(at.multiselect, "要改派的任务").set_value([_first_task(at)]).run()
    labelled(at.selectbox, "新的责任人").set_value("王行长")
    return labelled(at.button, "改派")


def _first_task(at: AppTest) -> int:
    url = at.session_state["_url"]
    engine = make_engine(url)
    try:
        return next(t.id for t in list_tasks(engine, CODE, owner=OWNER) if t.status == "open")
    finally:
        engine.dispose()


def _signal(at: AppTest):  # noqa: ANN202
    _owner(at)
    kind = labelled(at.selectbox, "信号")
    kind.set_value(kind.options[1])
    return labelled(at.button, "保存信号")


def _signal_close(at: AppTest):  # noqa: ANN202
    _owner(at)
    labelled(at.button, "保存信号").click().run()
    return next(b for b in at.button if b.key and b.key.startswith("post_sig_close_"))


def _signal_kinds(at: AppTest):  # noqa: ANN202
    at.text_area(key=f"post_kinds_{CODE}").input("停产停业\n涉诉")
    return at.button(key=f"post_kinds_save_{CODE}")


def _evidence_attach(at: AppTest):  # noqa: ANN202
    from tests.unit.test_evidence import jpeg_with_gps

    at.text_input(key="evidence_loan_no").input(SHIQIAO).run()  # 孙经理's loan, visited
    photo = ("回执.jpg", jpeg_with_gps(), "image/jpeg")
    at.file_uploader(key="research_evidence_files_0").set_value(photo).run()
    return at.button(key="research_evidence_save")


def _styles(at: AppTest):  # noqa: ANN202
    return at.button(key="setup_style_save")


def _notices_print(at: AppTest):  # noqa: ANN202
    at.radio(key="notices_sel").set_value("team").run()
    at.selectbox(key="notices_team").set_value("尖刀队").run()
    return at.button(key="notices_go")


def _notices_wording(at: AppTest):  # noqa: ANN202
    body = next(w for w in at.text_area if w.proto.form_id == "notices_tpl_borrower")
    body.input("兹通知：{借款人}，请于收到本通知后归还 {本金} 元。")
    return submit_of(at, "notices_tpl_borrower")


def _receipt(at: AppTest):  # noqa: ANN202
    at.text_input(key="entry_rc_number").input(f"{CODE}-00001").run()
    members = keyed(at.multiselect, "entry_rc_members_")
    members.set_value(list(members.options[:2]))
    return next(b for b in at.button if b.proto.is_form_submitter
                and b.proto.form_id.startswith("entry_rc_form_"))  # fmt: skip


SETUP, ENTRY, RESEARCH = "pages/setup.py", "pages/entry.py", "pages/research.py"
SUMMARY, AWARDS, POSTLOAN = "pages/summary.py", "pages/awards.py", "pages/postloan.py"
CONTROLS = (
    Control("setup: load a camp file", SETUP, "camp.edit", _camp_file),
    Control("setup: the camp form", SETUP, "camp.edit", _camp_form),
    Control("setup: the scope", SETUP, "camp.edit", _scope),
    Control("setup: teams and members", SETUP, "camp.edit", _teams),
    Control("setup: pairings", SETUP, "camp.edit", _pairings),
    Control("setup: confirm new weights", SETUP, "camp.edit", _scoring),
    Control("setup: rules text", SETUP, "camp.edit", _rules),
    Control("setup: fill the default lists", SETUP, "camp.edit", _defaults),
    Control("setup: a list", SETUP, "camp.edit", _items),
    Control("setup: add a user", SETUP, "users.manage", _user_add),
    Control("setup: change a user", SETUP, "users.manage", _user_save),
    Control("setup: disable a user", SETUP, "users.manage", _user_toggle),
    Control("setup: reset a password", SETUP, "users.manage", _user_reset),
    Control("setup: delete a user", SETUP, "users.manage", _user_delete),
    Control("setup: import the loan list", SETUP, "loans.import", _loans_import),
    Control("setup: import repayment records", SETUP, "loans.import", _ledger_import),
    Control("setup: ceremony on verified standings", SETUP, "awards.edit", _ledger_awards),
    Control("setup: freeze", SETUP, "freeze", _freeze),
    Control("setup: unfreeze", SETUP, "freeze", _unfreeze),
    Control("setup: close the camp", SETUP, "close", _close, now=CLOSING),
    Control("setup: team colours and emblems", SETUP, "camp.edit", _styles),
    Control("entry: the fast form", ENTRY, "visits.write", _entry_form),
    Control("entry: the grid", ENTRY, "visits.write", _entry_grid),
    Control("entry: a visit workbook", ENTRY, "visits.write", _entry_upload),
    Control("entry: void a visit", ENTRY, "visits.write", _entry_void),
    Control("entry: correct a visit", ENTRY, "visits.write", _entry_correct),
    Control("entry: an adjustment", ENTRY, "adjust", _entry_adjust),
    Control("entry: raise a problem", ENTRY, "problems", _entry_problem),
    Control("entry: close a problem", ENTRY, "problems", _entry_problem_close),
    Control("entry: the tactics library", ENTRY, "tactics.edit", _entry_tactics),
    Control("entry: a receipt back", ENTRY, "notices.print", _receipt),
    Control("research: save a visit plan", RESEARCH, "research.edit", _plan_save),
    Control("research: reset a visit plan", RESEARCH, "research.edit", _plan_reset),
    Control("research: strategies", RESEARCH, "research.edit", _strategies),
    Control("research: an attention note", RESEARCH, "research.edit", _attention),
    Control("research: attach evidence", RESEARCH, "evidence.attach", _evidence_attach),
    Control("research: print notices", RESEARCH, "notices.print", _notices_print),
    Control("research: the notices' wording", RESEARCH, "notices.templates", _notices_wording),
    Control("summary: raise a problem", SUMMARY, "problems", _summary_problem),
    Control("summary: close a problem", SUMMARY, "problems", _summary_problem_close),
    Control("awards: edit an award", AWARDS, "awards.edit", _award_edit, now=CEREMONY),
    Control("awards: remove an award", AWARDS, "awards.edit", _award_remove, now=CEREMONY),
    Control("awards: add an award", AWARDS, "awards.edit", _award_add, now=CEREMONY),
    Control("awards: nominate", AWARDS, "nominate", _nominate, now=CEREMONY),
    Control("awards: vote", AWARDS, "vote", _vote, now=CEREMONY),
    Control("awards: reveal the next", AWARDS, "awards.reveal", _reveal_next, now=CEREMONY),
    Control("awards: reveal one", AWARDS, "awards.reveal", _reveal_pick, now=CEREMONY),
    Control("awards: seal one again", AWARDS, "awards.reveal", _seal, now=CEREMONY),
    Control("postloan: a follow-up", POSTLOAN, "postloan.followup", _followup, "closed", LATER),
    Control("postloan: reassign", POSTLOAN, "tasks.reassign", _reassign, "closed", LATER),
    Control("postloan: a signal", POSTLOAN, "postloan.followup", _signal, "closed", LATER),
    Control(
        "postloan: close a signal", POSTLOAN, "postloan.followup", _signal_close, "closed", LATER
    ),  # fmt: skip
    Control("postloan: the signal list", POSTLOAN, "camp.edit", _signal_kinds, "closed", LATER),
)


def roles_for(control: Control) -> list[str]:
    """Every role that may not act, least privileged first, then the least privileged that
    may: the order a control is clicked in."""
    allowed = ACTIONS[control.action]
    return [r for r in ORDER if r not in allowed] + [next(r for r in ORDER if r in allowed)]


def test_every_write_control_of_the_pages_is_in_the_table() -> None:
    """Each page module that writes is covered: a new control means a new row here."""
    root = Path(APP).parent / "pages"
    calls = ("attempt(", "common.write(", "_write(", "ui.require(")
    writers = {p.name for p in root.glob("*.py")
               if any(s in p.read_text(encoding="utf-8") for s in calls)}  # fmt: skip
    writers -= {"_ui.py", "_entry_common.py", "_setup_common.py", "_research_common.py",
                "_awards_common.py"}  # the shared checks themselves  # fmt: skip
    covered = {"setup.py", "_setup_camp.py", "_setup_lists.py", "_setup_loans.py",
               "_setup_ledger.py", "_setup_teams.py", "_setup_users.py", "_entry_form.py",
               "_entry_grid.py",
               "_entry_more.py", "_entry_today.py", "_research_plan.py", "_research_types.py",
               "_summary_manage.py", "_awards_ballot.py", "_awards_categories.py",
               "_awards_reveal.py", "_postloan_tasks.py", "_postloan_watch.py",
               "_evidence.py", "_notices.py", "_entry_receipt.py", "_setup_style.py"}  # fmt: skip
    assert writers <= covered, writers - covered
    assert {c.action for c in CONTROLS} == set(ACTIONS)


@pytest.fixture
def open_every_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two outer locks taken away: every page registered for every role, and every
    `ui.allowed` check (which decides whether a control is drawn) says yes."""
    from pages import _ui

    for path in PAGES:
        monkeypatch.setitem(PAGES, path, ROLES)
    monkeypatch.setattr(_ui, "allowed", lambda action: True)


def _ready(control: Control, templates: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN202
    """A new session on a new copy of the control's store, opened as the admin, with the
    control got ready: the AppTest, the store's engine and the button's id."""
    path = tmp_path / f"camp-{len(list(tmp_path.glob('camp-*.db')))}.db"  # a new file each time
    shutil.copyfile(templates[control.store], path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CAMP_COOKIE_KEY", "w" * 48)
    at = AppTest.from_file(APP, default_timeout=60)
    past_the_log_in = {"authentication_status": True, "username": "admin", "name": "admin-name",
                       "roles": ["admin"], "_login_at": datetime.now(UTC), "_now": control.now,
                       "_url": url, "_tmp": str(tmp_path)}  # fmt: skip
    for key, value in past_the_log_in.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(control.page).run()
    assert not at.exception, at.exception
    button = control.ready(at)
    assert not at.exception, at.exception
    return at, make_engine(url), button.id


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: c.name)
def test_a_write_is_made_only_for_a_role_allowed_to_make_it_even_if_the_control_is_shown(
    control: Control,
    templates: dict,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    open_every_page: None,
) -> None:
    """The control, got ready once, is clicked by each role that may not act and last by
    the least privileged that may. A refused click writes nothing, so the same store and
    the same ready control serve the next role; where a refusal took the control away, or
    the control submits a form (which may clear on submit), it is got ready again on a new
    copy of the store. The last, allowed click must write: so every refusal before it was
    a refusal of a control that was ready."""
    at, engine, button_id = _ready(control, templates, tmp_path, monkeypatch)
    try:
        for i, role in enumerate(roles_for(control)):
            button = next((b for b in at.button if b.id == button_id), None)
            # after a refusal: again if it took the control away, or if the control submits
            # a form (a form that clears on submit cleared its fields)
            if button is None or button.disabled or (i and button.proto.is_form_submitter):
                engine.dispose()
                at, engine, button_id = _ready(control, templates, tmp_path, monkeypatch)
                button = next(b for b in at.button if b.id == button_id)
            assert not button.disabled, f"{control.name}: the control is not ready to click"

            # the session now belongs to `role`: what app.py's gate puts in the session
            # state on the next run when the user's role changed in the store (AppTest runs
            # the page script alone after switch_page, so the test puts it there itself)
            at.session_state["_user"] = SessionUser(*USERS[role], role, None)
            before = snapshot(engine)
            button.click().run()
            assert not at.exception, (role, at.exception)
            after = snapshot(engine)
            changed = sorted(t for t in before if before[t] != after[t])
            errors = " ".join(e.value for e in at.error)

            if role in ACTIONS[control.action]:
                assert changed, f"{control.name} as {role} wrote nothing: {errors}"
                assert DENIED not in errors
            else:
                assert not changed, f"{control.name} as {role} changed {changed}"
                offered = any(b.id == button_id for b in at.button)
                assert DENIED in errors or not offered, (control.name, role, errors)
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- the store's own


def refused(write: Callable[[], object], reason: str) -> None:
    with pytest.raises(InputRejected) as info:
        write()
    assert any(reason in p.reason for p in info.value.problems), info.value.problems


def _closed_store(sqlite_url: str, samples: Path) -> Engine:
    assert run(sqlite_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    assert run(sqlite_url, "loans-import", CODE, str(samples / "loans_sample.xlsx"))[0] == 0
    assert run(sqlite_url, "close-camp", CODE, "--at", "2026-12-20")[0] == 0
    return make_engine(sqlite_url)


@pytest.mark.parametrize("role", ["screen", "nobody", ""])
def test_the_post_loan_store_refuses_follow_ups_and_signals_from_a_role_without_the_right(
    sqlite_url: str, samples: Path, role: str
) -> None:
    """db.postloan checks the actor's role itself, whatever page or script calls it."""
    engine = _closed_store(sqlite_url, samples)
    task = next(t for t in list_tasks(engine, CODE, owner=OWNER) if t.status == "open")
    who = {"actor": role or "?", "actor_name": OWNER, "actor_role": role}
    before = snapshot(engine)
    refused(lambda: record_followup(engine, CODE, task.id, at=LATER, contact="见到本人",
                                    principal_fen=100, **who), "may not record")  # fmt: skip
    refused(lambda: add_signal(engine, CODE, task.loan_no, "停产停业", "", at=LATER, **who),
            "may not record")  # fmt: skip
    assert snapshot(engine) == before
    signal = add_signal(engine, CODE, task.loan_no, "停产停业", "", at=LATER, actor="admin",
                        actor_name="营长", actor_role="admin")  # fmt: skip
    middle = snapshot(engine)
    refused(lambda: close_signal(engine, CODE, signal, who["actor"], OWNER, role),
            "may not record")  # fmt: skip
    assert snapshot(engine) == middle
    engine.dispose()


def test_a_manager_records_only_on_the_tasks_they_own(sqlite_url: str, samples: Path) -> None:
    engine = _closed_store(sqlite_url, samples)
    theirs = next(t for t in list_tasks(engine, CODE) if t.owner not in (OWNER, ""))
    before = snapshot(engine)
    refused(lambda: record_followup(engine, CODE, theirs.id, at=LATER, contact="见到本人",
                                    principal_fen=100, actor="manager", actor_name=OWNER,
                                    actor_role="manager"), "belongs to")  # fmt: skip
    assert snapshot(engine) == before
    engine.dispose()
