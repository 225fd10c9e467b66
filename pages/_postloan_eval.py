"""The camp's evaluation on /postloan (SPEC §4.9): headline figures, cash by group,
the migration between classes, tactic effectiveness and the workbook of every table.

Read only; computed once per data version (db.evaluation.evaluation_version) and
shared by every viewer of the server process. No borrower is named: aggregates only.
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import streamlit as st

from core import evaluation as ev
from core.exports import XLSX_MIME
from core.money import fen_to_wan, format_yuan, yuan_to_fen
from db.engine import Engine
from db.evaluation import evaluation, evaluation_version
from pages import _ui as ui

_COLOURS = {
    "segment": "#1f6f8b",
    "bucket": "#8b1a1a",
    "township": "#2a7f62",
    "customer_type": "#6a4c93",
}
_AFTER_COLOUR = "#9e9e9e"


@st.cache_data(show_spinner=False, max_entries=32)
def _evaluation(
    _engine: Engine, url: str, code: str, today: date, version: tuple[int, ...]
) -> ev.Evaluation:
    return evaluation(_engine, code, today)


@st.cache_data(show_spinner=False, max_entries=32)
def _workbook(
    _engine: Engine, url: str, code: str, today: date, version: tuple[int, ...], lang: str
) -> bytes:
    return ev.evaluation_xlsx(_evaluation(_engine, url, code, today, version), lang)


def _figure(groups: list[ev.CashGroup], dimension: str) -> go.Figure:
    names = [ev.key_label(dimension, g.key, ui.lang()) for g in groups]
    horizontal = dimension == "township" and len(groups) > 6
    fig = go.Figure()
    for series, values, colour in (
        ("eval.chart.camp", [g.camp_fen for g in groups], _COLOURS[dimension]),
        ("eval.chart.after", [g.after_fen for g in groups], _AFTER_COLOUR),
    ):
        wan = [float(fen_to_wan(v)) for v in values]
        fig.add_trace(
            go.Bar(
                name=ui.tr(series),
                x=wan if horizontal else names,
                y=names if horizontal else wan,
                orientation="h" if horizontal else "v",
                marker_color=colour,
                hovertext=[
                    ui.tr("eval.chart.hover", name=n, yuan=format_yuan(v))
                    for n, v in zip(names, values, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    value_axis = {"title": ui.tr("eval.chart.axis")}
    fig.update_layout(
        title=ui.tr(f"eval.dim.{dimension}"),
        barmode="group",
        height=max(320, 28 * len(groups)) if horizontal else 340,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.15},
        xaxis=value_axis if horizontal else {},
        yaxis={"autorange": "reversed"} if horizontal else value_axis,
    )
    return fig


def _cash_table(data: ev.Evaluation, dimension: str) -> None:
    header = ev.cash_header(dimension, ui.lang())
    rows = [
        {header[0]: ev.key_label(dimension, g.key, ui.lang()),
         header[1]: format_yuan(g.principal_fen),
         header[2]: format_yuan(g.interest_fen),
         header[3]: format_yuan(g.written_off_fen),
         header[4]: format_yuan(g.camp_fen),
         header[5]: format_yuan(g.after_fen)}
        for g in data.cash[dimension]
    ]  # fmt: skip
    st.dataframe(rows, hide_index=True, width="stretch", key=f"eval_cash_{dimension}")


def _migration(data: ev.Evaluation) -> None:
    st.markdown("#### " + ui.tr("eval.mig.title"))
    m, before, after = data.migration, data.before_list, data.after_list
    if m is None or before is None or after is None:
        st.info(ui.tr("eval.no_list" if before is None else "eval.no_later_list"))
        return
    st.caption(ui.md("eval.mig.help", b_date=before.as_of, b_file=before.filename,
                     a_date=after.as_of, a_file=after.filename))  # fmt: skip
    header = ev.migration_header(ui.lang())
    counts, balances = st.columns(2)
    with counts:
        st.markdown(ui.tr("eval.mig.counts"))
        rows = [dict(zip(header, r, strict=True)) for r in ev.migration_rows(m, False, ui.lang())]
        st.dataframe(rows, hide_index=True, width="stretch", key="eval_migration_counts")
    with balances:
        st.markdown(ui.tr("eval.mig.balances"))
        rows = [
            dict(zip(header, [r[0], *(format_yuan(yuan_to_fen(x)) for x in r[1:])], strict=True))
            for r in ev.migration_rows(m, True, ui.lang())
        ]
        st.dataframe(rows, hide_index=True, width="stretch", key="eval_migration_balances")
    settled = sum(m.count(b, ev.SETTLED) for b in ev.RISK_ORDER)
    st.caption(ui.tr("eval.mig.moved", better=m.moved(-1), worse=m.moved(+1), settled=settled))


def _tactics(data: ev.Evaluation) -> None:
    st.markdown("#### " + ui.tr("eval.tactics.title"))
    st.caption(ui.tr("eval.tactics.help"))
    if not data.tactics:
        st.info(ui.tr("eval.tactics.none"))
        return
    header = ev.tactic_header(ui.lang())
    rows = [dict(zip(header, r, strict=True)) for r in ev.tactic_rows(data, ui.lang())]
    st.dataframe(rows, hide_index=True, width="stretch", key="eval_tactics")


def show(engine: Engine, code: str, today: date) -> None:
    """The evaluation of camp `code` at camp local date `today`."""
    url = engine.url.render_as_string(hide_password=True)
    version = evaluation_version(engine, code)
    data = _evaluation(engine, url, code, today, version)
    st.subheader(ui.tr("eval.title"))
    if data.closed_on is not None:
        st.caption(ui.md("eval.caption_closed", name=data.name, code=data.code,
                         closed=data.closed_on, today=today))  # fmt: skip
    else:
        st.caption(ui.md("eval.caption", name=data.name, code=data.code,
                         today=today))  # fmt: skip
    heads = ev.headlines(data, ui.lang())
    for col, h in zip(st.columns(len(heads)), heads, strict=True):
        col.metric(ui.tr(f"eval.m.{h.key}"), h.value, help=h.help)

    st.markdown("#### " + ui.tr("eval.cash.title"))
    st.caption(ui.tr("eval.cash.help"))
    grid = st.columns(2)
    for i, dimension in enumerate(ev.CASH_DIMENSIONS):
        with grid[i % 2]:
            st.plotly_chart(_figure(data.cash[dimension], dimension), width="stretch",
                            key=f"eval_chart_{dimension}")  # fmt: skip
            with st.expander(ui.tr("eval.chart.table"), expanded=False):
                _cash_table(data, dimension)

    _migration(data)
    _tactics(data)
    st.download_button(
        ui.tr("eval.download"),
        _workbook(engine, url, code, today, version, ui.lang()),
        file_name=f"evaluation-{code}-{today.isoformat()}.xlsx",
        mime=XLSX_MIME,
        key="eval_download",
    )
