"""/research tabs that edit: customer types with their strategies (§4.5), and the
attention notes per township."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from core import research as rs
from core.campitems import CUSTOMER_TYPES
from core.money import format_yuan
from core.research import LoanView
from db.queries.research import ResearchData
from db.research import save_attention_note, save_strategies, set_customer_types
from pages import _research_common as common
from pages import _ui as ui


def _strategies(data: ResearchData, counts: Counter[str]) -> None:
    st.subheader(ui.tr("research.types.strategies"))
    st.caption(ui.tr("research.types.strategies_help"))
    rows = [
        {"name": ct, "count": counts.get(ct, 0), "text": data.strategies.get(ct, "")}
        for ct in CUSTOMER_TYPES
    ]
    edit = common.may_edit()
    edited = st.data_editor(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        disabled=["name", "count"] if edit else True,
        key=common.state_key("research_strategies", (data.code, data.strategies)),
        column_config={
            "name": st.column_config.TextColumn(ui.tr("research.col.customer_type")),
            "count": st.column_config.NumberColumn(ui.tr("research.col.count")),
            "text": st.column_config.TextColumn(ui.tr("research.col.strategy"), width="large"),
        },
    )
    if edit and st.button(ui.tr("research.save"), key="research_strategies_save"):
        records = edited[["name", "text"]].to_dict("records")
        ok, _ = common.attempt(save_strategies, ui.engine(), data.code, records, common.actor())
        if ok:
            common.done(ui.tr("research.saved"))


def types_tab(data: ResearchData, views: Sequence[LoanView]) -> None:
    live = rs.portfolio(views)
    counts = Counter(v.customer_type for v in live if v.customer_type)
    _strategies(data, counts)
    st.subheader(ui.tr("research.types.loans", n=len(live) - sum(counts.values())))
    townships = sorted({v.township for v in live})
    c1, c2 = st.columns([3, 1])
    chosen = c1.multiselect(
        ui.tr("research.col.township"),
        townships,
        default=[],
        key="research_types_townships",
        placeholder=ui.tr("widget.choose_many"),
        select_all=False,
    )
    untyped = c2.checkbox(ui.tr("research.types.untyped"), key="research_types_untyped")
    shown = [v for v in live if (not chosen or v.township in chosen)
             and not (untyped and v.customer_type)]  # fmt: skip
    original = {v.loan_no: v.customer_type for v in shown}
    frame = pd.DataFrame(
        [
            {
                "loan_no": v.loan_no,
                "borrower": v.borrower,
                "township": v.township,
                "village": v.village,
                "segment": v.segment,
                "balance": format_yuan(v.principal_fen),
                "days": v.days_overdue,
                "class": v.risk_class,
                "customer_type": v.customer_type,
            }
            for v in shown
        ],
        columns=["loan_no", "borrower", "township", "village", "segment", "balance", "days",
                 "class", "customer_type"],
    )  # fmt: skip
    edit = common.may_edit()
    columns = {c: st.column_config.TextColumn(ui.tr(f"research.col.{c}"))
               for c in frame.columns if c not in ("days", "customer_type")}  # fmt: skip
    columns["days"] = st.column_config.NumberColumn(ui.tr("research.col.days"))
    columns["customer_type"] = st.column_config.SelectboxColumn(
        ui.tr("research.col.customer_type"), options=list(CUSTOMER_TYPES), required=False
    )
    edited = st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        disabled=[c for c in frame.columns if c != "customer_type"] if edit else True,
        column_config=columns,
        key=common.state_key("research_types", (data.code, data.data_version, chosen, untyped)),
    )
    if edit and st.button(ui.tr("research.save"), key="research_types_save"):
        changes = {}
        for no, value in zip(edited["loan_no"], edited["customer_type"], strict=True):
            value = None if pd.isna(value) or not str(value).strip() else str(value)
            if value != original.get(no):
                changes[no] = value
        if not changes:
            st.info(ui.tr("research.unchanged"))
            return
        ok, n = common.attempt(set_customer_types, ui.engine(), data.code, changes,
                               common.actor())  # fmt: skip
        if ok:
            common.done(ui.tr("research.types.saved", n=n))


def _facts(a: rs.TownshipAttention) -> list[str]:
    lines = [ui.tr("research.att.size", n=a.loans, yuan=format_yuan(a.balance_fen))]
    if a.concentrated is not None:
        key = "research.att.concentrated" if a.concentrated else "research.att.scattered"
        villages = "、".join(f"{name} {n}" for name, n in a.villages)
        lines.append(ui.tr(key, villages=villages))
    if a.unknown_village:
        lines.append(ui.tr("research.att.no_village", n=a.unknown_village))
    if a.ethnicities:
        lines.append(ui.tr("research.att.ethnicities",
                           list="、".join(f"{e} {n}" for e, n in a.ethnicities)))  # fmt: skip
    lines += [ui.tr("research.att.custom", ethnicity=e, note=note) for e, note in a.customs]
    if a.guarantors:
        shared = [f"{g}（{n}）" for g, n in a.guarantors if n > 1]
        lines.append(ui.tr("research.att.guarantors", n=len(a.guarantors),
                           shared="、".join(shared) or "—"))  # fmt: skip
    if a.in_litigation or a.judgments:
        lines.append(ui.tr("research.att.courts", sued=a.in_litigation, judged=a.judgments))
    if a.flags:
        lines.append(ui.tr("research.att.flags",
                           list="、".join(f"{f} {n}" for f, n in a.flags)))  # fmt: skip
    return lines


def attention_tab(data: ResearchData, views: Sequence[LoanView]) -> None:
    st.caption(ui.tr("research.att.help"))
    edit = common.may_edit()
    for i, a in enumerate(rs.attention(views, data.customs, data.attention)):
        with st.expander(f"{ui.md_esc(a.township)} · {a.loans}", expanded=i < 3):
            # st.text, not markdown: imported names and notes stay plain text
            for line in _facts(a):
                st.text(f"• {line}")
            text = st.text_area(
                ui.tr("research.att.note"),
                value=a.note,
                disabled=not edit,
                key=common.state_key(f"research_att_{i}", (data.code, a.township, a.note)),
            )
            if edit and st.button(ui.tr("research.save"), key=f"research_att_save_{i}"):
                ok, _ = common.attempt(save_attention_note, ui.engine(), data.code, a.township,
                                       text, common.actor())  # fmt: skip
                if ok:
                    common.done(ui.tr("research.saved"))
