"""/entry — result entry for trainers and the admin (SPEC §3, §4.6, §4.7, §4.11, §5.4).

Thin: one visit in the fast form, many in the grid, a visit workbook, the day's
entries (correct, void), adjustments and field problems, each in a pages/_entry_*.py
module; every write checks the role on the server and calls one service.
"""

import streamlit as st

from core.notices import RECEIPT_PARAM
from db.entry import entry_context
from db.queries import standings
from db.queries.setup import items_of
from pages import _entry_common as common
from pages import _entry_form as entry_form
from pages import _entry_grid as entry_grid
from pages import _entry_more as more
from pages import _entry_receipt as receipt
from pages import _entry_today as today
from pages import _ui as ui
from pages._setup_lists import list_editor

ui.guard("entry")
st.title(ui.tr("page.entry"))
code = ui.camp_code()
if code is None:
    st.info(ui.tr("entry.no_camp"))
    st.stop()
user = ui.user()
ctx = entry_context(ui.engine(), code, user.team_id if user else None)
if not ctx.teams:
    st.info(ui.tr("entry.no_teams"))
    st.stop()
common.show_flash()
if ctx.frozen:
    st.warning(ui.tr("entry.frozen_banner"))

top, ranking = st.columns([2, 3])
team = top.selectbox(
    ui.tr("entry.f.team"), ctx.teams, key=f"entry_team_{code}", placeholder=ui.tr("widget.choose")
)
with ranking.expander(ui.tr("entry.standings"), expanded=False):
    st.dataframe(
        [
            {
                ui.tr("entry.st.rank"): rank,
                ui.tr("entry.today.team"): e.name,
                ui.tr("entry.today.points"): common.points(e.points),
                ui.tr("entry.st.cash"): common.yuan(e.cash_fen),
            }
            for rank, e in standings(ui.engine(), code)["teams"]
        ],
        hide_index=True,
        width="stretch",
    )

TABS = ("form", "grid", "receipts", "upload", "today", "adjust", "problems", "tactics")
labels = [ui.tr(f"entry.tab.{t}") for t in TABS]
# a receipt's QR opens /entry?receipt=<number> (core.notices.receipt_link): its tab first
opened = labels[TABS.index("receipts")] if st.query_params.get(RECEIPT_PARAM) else None
tabs = dict(zip(TABS, st.tabs(labels, key="entry_tab", default=opened), strict=True))
with tabs["form"]:
    entry_form.render(ctx, team)
with tabs["grid"]:
    entry_grid.render(ctx, team)
with tabs["receipts"]:  # a signed receipt back, by its short number (issue 17)
    receipt.render(ctx, team)
with tabs["upload"]:
    more.upload(ctx)
with tabs["today"]:
    today.render(ctx, team)
with tabs["adjust"]:
    more.adjustments(ctx, team)
with tabs["problems"]:
    more.problems(ctx, team)
with tabs["tactics"]:  # the course's moves and tactics, entered by the trainers (issue 4)
    for kind in ("move", "tactic"):
        list_editor(code, kind, items_of(ui.engine(), code, kind), action="tactics.edit")
