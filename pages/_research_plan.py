"""/research tab: each team's daily visit plan — prefilled by priority (SPEC §3:
expired, then urgent limitations, then promises due that day, then amount),
editable by trainers, printable as a PDF for the field."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from core import research as rs
from core.money import format_yuan
from core.pdf import PlanDocument, visit_plans_pdf
from core.research import LoanView
from db.queries.research import ResearchData, stamp
from db.research import PLAN_MAX, reset_visit_plan, save_visit_plan
from pages import _research_common as common
from pages import _ui as ui

COLUMNS = ("include", "order", "loan_no", "borrower", "township", "village", "tier", "status",
           "promise", "owed", "customer_type")  # fmt: skip


def _document(data: ResearchData, team_id: int, day: int, loans: Sequence[LoanView]):  # noqa: ANN202
    team = data.team(team_id)
    return PlanDocument(
        camp_name=data.name,
        team=team.name,
        day=day,
        day_date=data.date_of(day),
        loans=tuple(loans),
        members=team.members,
        customs=tuple(rs.customs_for(loans, data.customs)),
        strategies=dict(data.strategies),
        conduct=data.conduct,
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _pdf(documents: list[PlanDocument], masked: bool, lang: str, now) -> bytes:  # noqa: ANN001
    """The plans' PDF, drawn before its button (a deferred file may be gone on click)."""
    return visit_plans_pdf(documents, masked=masked, lang=lang, generated_at=now)


def _row(v: LoanView, when, order: int | None) -> dict:  # noqa: ANN001
    promise = ""
    if v.promise_date is not None:
        promise = v.promise_date.isoformat()
        if v.promise_amount_fen:
            promise += f" · {format_yuan(v.promise_amount_fen)}"
    return {
        "include": order is not None,
        "order": order,
        "loan_no": v.loan_no,
        "borrower": v.borrower,
        "township": v.township,
        "village": v.village,
        "tier": ui.tr(f"research.tier.{rs.plan_tier(v, when)}"),
        "status": common.status(v.status),
        "promise": promise,
        "owed": format_yuan(v.owed_fen),
        "customer_type": v.customer_type or "",
    }


def _selection(edited: pd.DataFrame) -> list[str]:
    """The ticked loans, by the order typed in (blank last), then as listed."""
    picked = []
    for position, (include, order, no) in enumerate(
        zip(edited["include"], edited["order"], edited["loan_no"], strict=True)
    ):
        if bool(include) and not pd.isna(include):
            rank = math.inf if order is None or pd.isna(order) else float(order)
            picked.append((rank, position, no))
    return [no for _, _, no in sorted(picked)]


def _plan_of(data: ResearchData, views, team_id: int, day: int, limit: int) -> list[str]:  # noqa: ANN001
    stored = data.plans.get((day, team_id))
    if stored is not None:
        return stored
    return rs.prefill_plan(views, team_id, data.date_of(day), limit)


def _editor(data: ResearchData, views, by_no, team_id: int, day: int, plan: list[str]):  # noqa: ANN001, ANN202
    when = data.date_of(day)
    listed = set(plan)
    others = [v for v in rs.prioritise(views, when)
              if v.team_id in (team_id, None) and v.loan_no not in listed]  # fmt: skip
    rows = [_row(by_no[no], when, i) for i, no in enumerate(plan, start=1) if no in by_no]
    rows += [_row(v, when, None) for v in others]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    edit = common.may_edit()
    # narrow columns: the plan fits a laptop beside the sidebar (long cells show in full on hover)
    config = {c: st.column_config.TextColumn(ui.tr(f"research.plan.col.{c}"),
                                             width="small")
              for c in COLUMNS if c not in ("include", "order")}  # fmt: skip
    config["include"] = st.column_config.CheckboxColumn(ui.tr("research.plan.col.include"),
                                                        width="small")  # fmt: skip
    config["order"] = st.column_config.NumberColumn(ui.tr("research.plan.col.order"),
                                                    min_value=1, step=1, width="small")  # fmt: skip
    return st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        disabled=[c for c in COLUMNS if c not in ("include", "order")] if edit else True,
        column_config=config,
        key=common.state_key("research_plan_editor", (data.code, day, team_id, plan)),
    )


def _buttons(data: ResearchData, team_id: int, day: int, selection: list[str]) -> None:
    stored = data.plans.get((day, team_id))
    c1, c2 = st.columns(2)
    if c1.button(ui.tr("research.plan.save"), key="research_plan_save", type="primary"):
        ok, _ = common.attempt(save_visit_plan, ui.engine(), data.code, day, team_id, selection,
                               common.actor())  # fmt: skip
        if ok:
            common.done(ui.tr("research.plan.saved", n=len(selection)))
    if stored is not None and c2.button(ui.tr("research.plan.reset"), key="research_plan_reset"):
        ok, _ = common.attempt(reset_visit_plan, ui.engine(), data.code, day, team_id,
                               common.actor())  # fmt: skip
        if ok:
            common.done(ui.tr("research.plan.was_reset"))


def plan_tab(data: ResearchData) -> None:
    if not data.teams:
        st.info(ui.tr("research.plan.no_teams"))
        return
    days = list(data.field_days)
    default = rs.default_plan_day(data.start_date, data.days, data.first_field_day, data.today)
    names = {t.id: t.name for t in data.teams}
    c1, c2, c3 = st.columns([2, 2, 1])
    day = c1.selectbox(ui.tr("research.plan.day"), days, index=days.index(default),
                       format_func=lambda d: ui.tr("research.plan.day_label", day=d,
                                                   date=data.date_of(d).isoformat()),
                       key="research_plan_day", placeholder=ui.tr("widget.choose"))  # fmt: skip
    team_id = c2.selectbox(
        ui.tr("research.plan.team"),
        list(names),
        format_func=names.get,
        key="research_plan_team",
        placeholder=ui.tr("widget.choose"),
    )
    limit = int(c3.number_input(ui.tr("research.plan.limit"), min_value=1, max_value=PLAN_MAX,
                                value=15, step=1, key="research_plan_limit"))  # fmt: skip
    when = data.date_of(day)
    views = rs.analyse(data.loans, when)  # clocks and promises read on the plan's day
    by_no = {v.loan_no: v for v in views}
    plan = _plan_of(data, views, team_id, day, limit)
    stored = data.plans.get((day, team_id)) is not None
    st.caption(ui.tr("research.plan.stored" if stored else "research.plan.prefilled",
                     n=len(plan)))  # fmt: skip
    gone = [no for no in plan if no not in by_no]
    if gone:
        st.warning(ui.md("research.plan.gone", loans="、".join(gone)))
    selection = _selection(_editor(data, views, by_no, team_id, day, plan))
    if selection != [no for no in plan if no in by_no]:
        st.info(ui.tr("research.plan.unsaved"))
    if common.may_edit():
        _buttons(data, team_id, day, selection)

    st.subheader(ui.tr("research.plan.print"))
    masked = st.toggle(ui.tr("research.plan.masked"), value=False, key="research_plan_masked",
                       help=ui.tr("research.plan.masked_help"))  # fmt: skip
    suffix = "-masked" if masked else ""
    now = stamp(data)
    mine = _document(data, team_id, day, [by_no[no] for no in selection if no in by_no])
    every = [
        _document(data, t.id, day,
                  [by_no[no] for no in _plan_of(data, views, t.id, day, limit) if no in by_no])
        for t in data.teams
    ]  # fmt: skip
    c1, c2 = st.columns(2)
    c1.download_button(ui.md("research.plan.pdf_team", team=names[team_id]),
                       data=_pdf([mine], masked, ui.lang(), now), mime="application/pdf",
                       file_name=f"plan-{data.code}-day{day}-{names[team_id]}{suffix}.pdf",
                       key="research_plan_pdf_team", on_click="ignore")  # fmt: skip
    c2.download_button(ui.tr("research.plan.pdf_all"), data=_pdf(every, masked, ui.lang(), now),
                       mime="application/pdf",
                       file_name=f"plans-{data.code}-day{day}{suffix}.pdf",
                       key="research_plan_pdf_all", on_click="ignore")  # fmt: skip
