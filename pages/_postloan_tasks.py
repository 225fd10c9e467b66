"""The task board of one owner on /postloan: due, overdue and done tasks, a follow-up
form, reassigning (admin) and the owner's Excel export."""

from __future__ import annotations

from datetime import date, datetime, time

import streamlit as st

from core.entry import typed_fen
from core.postloan import board_rows, followup_cautions, task_state
from core.reasons import render
from core.records import CONTACTS
from db.postloan import (
    TaskRow,
    followup_notes,
    list_tasks,
    reassign_tasks,
    record_followup,
    task_clocks,
)
from db.users import list_users
from pages import _entry_common as common
from pages import _postloan_plan as plan
from pages import _ui as ui

COLUMNS = ("priority", "state", "due", "kind", "loan_no", "borrower", "phone", "village", "balance",
           "limitation", "watch", "reason", "done_note")  # fmt: skip


NOTES = "post_fu_notes"  # what a saved follow-up did not do, for the next run


def show_notes() -> None:
    """Under the saved message: what the saved follow-up did not do (SPEC §4.4)."""
    text = st.session_state.pop(NOTES, None)
    if text:
        st.warning(text, icon=":material/gavel:")


def _attempt(action: str, fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    return ui.attempt(action, fn, *args, _rejected="post.rejected", **kwargs)


def _priority(row: dict) -> str:
    if row["priority"] is None:
        return ""
    mark = ui.tr("post.priority.deadline") if row["deadline"] else ""
    return f"{row['priority']}{mark}"


def _rows(tasks: list[TaskRow], today: date) -> list[list[object]]:
    label = {c: ui.tr(f"post.state.{c}") for c in ("due", "overdue", "done")}
    return [
        [_priority(r), label[r["state"]], r["due"], ui.tr(f"post.kind.{r['kind']}"), *r["rest"]]
        for r in board_rows(tasks, today)
    ]


def board(code: str, owner: str, today: date, tasks: list[TaskRow] | None = None) -> None:
    if tasks is None:
        tasks = list_tasks(ui.engine(), code, owner=owner)
    counts = {s: 0 for s in ("due", "overdue", "done")}
    for t in tasks:
        counts[task_state(t.status, t.due, today)] += 1
    cols = st.columns(3)
    for col, state in zip(cols, counts, strict=True):
        col.metric(ui.tr(f"post.state.{state}"), counts[state])
    show = st.radio(ui.tr("post.show"), ("open", "overdue", "done", "all"), horizontal=True,
                    format_func=lambda s: ui.tr(f"post.show.{s}"),
                    key=f"post_show_{code}")  # fmt: skip
    wanted = {"open": ("due", "overdue"), "overdue": ("overdue",), "done": ("done",),
              "all": ("due", "overdue", "done")}[show]  # fmt: skip
    shown = [t for t in tasks if task_state(t.status, t.due, today) in wanted]
    header = [ui.tr(f"post.col.{c}") for c in COLUMNS]
    st.dataframe([dict(zip(header, r, strict=True)) for r in _rows(shown, today)],
                 hide_index=True, width="stretch")  # fmt: skip
    name = owner or ui.tr("post.no_owner")
    st.download_button(
        ui.tr("post.export"), plan.workbook(code, owner, tasks, today),
        file_name=f"postloan-{code}-{name}-{today.isoformat()}.xlsx", key=f"post_xlsx_{code}",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip


def _task_label(t: TaskRow) -> str:
    return f"{t.due.isoformat()} · {ui.tr(f'post.kind.{t.kind}')} · {t.loan_no} · {t.borrower}"


def followup(code: str, owner: str, today: date) -> None:
    """Record what was done on a task: a visit, a payment, a signed acknowledgement."""
    open_tasks = [t for t in list_tasks(ui.engine(), code, owner=owner) if t.status == "open"]
    if not open_tasks:
        st.info(ui.tr("post.no_open"))
        return
    by_id = {t.id: t for t in open_tasks}
    # a refused save keeps what was typed (the same form again); a saved one starts a new,
    # empty form (its widgets are new widgets)
    gen = st.session_state.get(f"post_fu_gen_{code}", 0)
    # the task is picked outside the form, so its loan's clocks can warn before a save
    task_id = st.selectbox(
        ui.tr("post.f.task"),
        list(by_id),
        format_func=lambda i: _task_label(by_id[i]),
        placeholder=ui.tr("widget.choose"),
        key=f"post_fu_task_{code}",
    )
    clocks = task_clocks(ui.engine(), code, task_id, today) if task_id is not None else None
    for reason, params in followup_cautions(clocks) if clocks is not None else ():
        st.warning(render(reason, params.items(), ui.lang()), icon=":material/gavel:")
    with st.form(f"post_fu_{code}_{gen}"):
        c1, c2, c3 = st.columns(3)
        day = c1.date_input(ui.tr("post.f.date"), value=today, max_value=today)
        at = c2.time_input(ui.tr("post.f.time"), value=time(10, 0))
        contact = c3.selectbox(
            ui.tr("post.f.contact"), CONTACTS, placeholder=ui.tr("widget.choose")
        )
        c4, c5, c6 = st.columns(3)
        principal = c4.text_input(ui.tr("post.f.principal"))
        interest = c5.text_input(ui.tr("post.f.interest"))
        ack = c6.checkbox(ui.tr("post.f.ack"))
        notes = st.text_area(ui.tr("post.f.notes"), max_chars=1000)
        done = st.checkbox(ui.tr("post.f.done"))
        submitted = st.form_submit_button(ui.tr("post.f.save"), type="primary")
    if not submitted:
        return
    try:
        amounts = [typed_fen(v) or 0 for v in (principal, interest)]
    except (ValueError, ArithmeticError):
        st.error(ui.tr("post.bad_amount"))
        return
    when = datetime.combine(day, at, tzinfo=ui.camp_zone())
    user = ui.user()
    ok, saved_id = _attempt("postloan.followup", record_followup, ui.engine(), code, task_id,
                            at=when, contact=contact, principal_fen=amounts[0],
                            interest_fen=amounts[1], ack=ack, notes=notes.strip(), done=done,
                            actor=user.username, actor_name=user.name,
                            actor_role=user.role)  # fmt: skip
    if ok:
        st.session_state[f"post_fu_gen_{code}"] = gen + 1
        saved = ui.tr("post.saved", loan=by_id[task_id].loan_no)
        notes = [render(n, (), ui.lang()) for n in followup_notes(ui.engine(), code, saved_id)]
        if notes:  # shown under the saved message (show_notes)
            end = "。" if ui.lang() == "zh" else "."
            st.session_state[NOTES] = f"{by_id[task_id].loan_no}：" + " ".join(
                f"{n}{end}" for n in notes
            )
        common.done(saved, f"post_fu_task_{code}")


def reassign(code: str, owner: str) -> None:
    """The admin hands tasks to another user (SPEC §2)."""
    open_tasks = [t for t in list_tasks(ui.engine(), code, owner=owner) if t.status == "open"]
    if not open_tasks:
        return
    with st.expander(ui.tr("post.reassign")):
        by_id = {t.id: t for t in open_tasks}
        chosen = st.multiselect(
            ui.tr("post.f.tasks"),
            list(by_id),
            key=f"post_ra_{code}",
            format_func=lambda i: _task_label(by_id[i]),
            placeholder=ui.tr("widget.choose_many"),
            select_all=False,
        )
        names = sorted({u.name for u in list_users(ui.engine()) if not u.disabled})
        to = st.selectbox(
            ui.tr("post.f.new_owner"),
            names,
            key=f"post_ra_to_{code}",
            placeholder=ui.tr("widget.choose"),
        )
        if st.button(ui.tr("post.reassign.go"), key=f"post_ra_go_{code}", disabled=not chosen):
            ok, n = _attempt("tasks.reassign", reassign_tasks, ui.engine(), code, chosen, to,
                             common.actor())  # fmt: skip
            if ok:
                common.done(ui.tr("post.reassigned", n=n, owner=to), f"post_ra_{code}")
