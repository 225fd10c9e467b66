"""Notices whose signed receipt has not come back after the camp's days (issue 17), per
team and masked (SPEC §4.10): a section of the 17:30 summary and of /postloan."""

from __future__ import annotations

from itertools import groupby

import streamlit as st

from db.notices import notices_not_back
from pages import _ui as ui


def render(code: str) -> None:
    """The notices not back, one table per team."""
    late = notices_not_back(ui.engine(), code, ui.now())
    st.subheader(ui.tr("notice.due.title"))
    if not late:
        st.caption(ui.tr("notice.due.none"))
        return
    st.caption(ui.tr("notice.due.help", n=len(late)))
    for team, rows in groupby(late, key=lambda o: o.team):
        rows = list(rows)
        st.markdown(ui.md("notice.due.team", team=team or ui.tr("notice.due.no_team"), n=len(rows)))
        st.dataframe(
            [
                {
                    ui.tr("notice.due.number"): o.number,
                    ui.tr("notice.due.kind"): o.title,
                    ui.tr("notice.due.addressee"): o.addressee,
                    ui.tr("notice.due.loan"): o.loan_no,
                    ui.tr("notice.due.printed"): o.printed_on.isoformat(),
                    ui.tr("notice.due.days"): o.days,
                }
                for o in rows
            ],
            hide_index=True,
            width="stretch",
        )
