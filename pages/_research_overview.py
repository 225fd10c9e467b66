"""/research tabs that only read: the composition of the scope and the clocks per loan."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go
import streamlit as st

from core import research as rs
from core.money import fen_to_wan, format_wan, format_yuan
from core.research import LoanView
from pages import _research_common as common
from pages import _ui as ui

_COLOURS = {
    "segment": "#1f6f8b",
    "bucket": "#8b1a1a",
    "risk_class": "#6a4c93",
    "township": "#2a7f62",
    "status": "#c75000",
}


def _figure(groups: Sequence[rs.Group], dimension: str) -> go.Figure:
    names = [common.label(dimension, g.key) for g in groups]
    wan = [float(fen_to_wan(g.balance_fen, 2)) for g in groups]
    hover = [ui.tr("research.chart.bar", n=g.count, wan=format_wan(g.balance_fen)) for g in groups]
    text = [ui.tr("research.chart.count", n=g.count) if g.count else "" for g in groups]
    horizontal = dimension == "township" and len(groups) > 6
    bar = go.Bar(
        x=wan if horizontal else names,
        y=names if horizontal else wan,
        orientation="h" if horizontal else "v",
        text=text,
        textposition="outside",
        textangle=0,
        cliponaxis=False,
        marker_color=_COLOURS[dimension],
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
    )
    fig = go.Figure(bar)
    value_axis = {"title": ui.tr("research.chart.balance_wan")}
    fig.update_layout(
        title=ui.tr(f"research.dim.{dimension}"),
        height=max(320, 28 * len(groups)) if horizontal else 340,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        xaxis=value_axis if horizontal else {},
        yaxis={"autorange": "reversed"} if horizontal else value_axis,
    )
    return fig


def _table(groups: Sequence[rs.Group], dimension: str) -> None:
    rows = [
        {
            ui.tr(f"research.dim.{dimension}"): common.label(dimension, g.key),
            ui.tr("research.col.count"): g.count,
            ui.tr("research.col.balance"): format_yuan(g.balance_fen),
            ui.tr("research.col.interest"): format_yuan(g.interest_fen),
            ui.tr("research.col.npl_count"): g.npl_count,
            ui.tr("research.col.npl_balance"): format_yuan(g.npl_balance_fen),
        }
        for g in groups
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def _metrics(summary: rs.Summary, out_of_scope: int) -> None:
    ratio = summary.npl_ratio
    cols = st.columns(6)
    cols[0].metric(ui.tr("research.m.loans"), summary.loans,
                   help=ui.tr("research.m.loans_help", settled=summary.settled,
                              out=out_of_scope))  # fmt: skip
    cols[1].metric(ui.tr("research.m.balance"), format_wan(summary.balance_fen),
                   help=ui.tr("research.m.balance_help",
                              yuan=format_yuan(summary.balance_fen),
                              interest=format_yuan(summary.interest_fen)))  # fmt: skip
    cols[2].metric(ui.tr("research.m.npl"), format_wan(summary.npl_balance_fen),
                   help=ui.tr("research.m.npl_help", yuan=format_yuan(summary.npl_balance_fen),
                              n=summary.written_off,
                              wo=format_yuan(summary.written_off_balance_fen)))  # fmt: skip
    cols[3].metric(ui.tr("research.m.npl_count"), summary.npl_count)
    cols[4].metric(ui.tr("research.m.npl_ratio"), f"{ratio:.2%}" if ratio is not None else "–")
    cols[5].metric(ui.tr("research.m.expired_urgent"), f"{summary.expired} / {summary.urgent}")


def composition_tab(views: Sequence[LoanView], out_of_scope: int, at: date) -> None:
    summary = rs.summary(views)
    _metrics(summary, out_of_scope)
    st.caption(ui.tr("research.composition.help", at=at.isoformat()))
    grid = st.columns(2)
    for i, dimension in enumerate(rs.DIMENSIONS):
        groups = rs.composition(views, dimension)
        with grid[i % 2]:
            st.plotly_chart(_figure(groups, dimension), width="stretch",
                            key=f"research_chart_{dimension}")  # fmt: skip
            with st.expander(ui.tr("research.chart.table"), expanded=False):
                _table(groups, dimension)
    st.subheader(ui.tr("research.flagged.title", n=summary.flagged))
    st.caption(ui.tr("research.flagged.help"))
    rows = [
        {
            ui.tr("research.col.loan_no"): v.loan_no,
            ui.tr("research.col.borrower"): v.borrower,
            ui.tr("research.col.township"): v.township,
            ui.tr("research.col.days"): v.days_overdue,
            ui.tr("research.col.listed"): common.term(v.listed_class),
            ui.tr("research.col.floor"): common.term(v.floor),
            ui.tr("research.col.class"): common.term(v.risk_class),
            ui.tr("research.col.balance"): format_yuan(v.principal_fen),
        }
        for v in rs.disagreements(views)
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key="research_flagged")
    else:
        st.info(ui.tr("research.flagged.none"))


def clocks_tab(views: Sequence[LoanView], at: date) -> None:
    st.caption(ui.tr("research.clocks.help", at=at.isoformat()))
    assumed = rs.guarantee_type_assumed(views)
    if assumed:
        st.caption(ui.tr("research.g.assumed_count", n=assumed))
    chosen = st.multiselect(
        ui.tr("research.clocks.filter"),
        rs.STATUSES,
        default=[],
        format_func=common.status,
        key="research_clocks_filter",
        placeholder=ui.tr("widget.choose_many"),
        select_all=False,
    )
    rows = rs.clock_table(views, at, ui.lang(), only=chosen)
    essential = [ui.tr(f"research.col.{c}") for c in rs.CLOCK_ESSENTIAL]
    ui.wide_table(rows, essential, key="research_clocks")
