"""/setup — the organiser's set-up of a camp (admin only; SPEC §2, §3, §4.5–4.8, §4.11, §5.2–5.3).

Thin: every tab lives in a pages/_setup_*.py module, every write is a db.setup /
db.camps / db.loans / db.users use case called after the role check on the server.
"""

import streamlit as st

from db.queries.setup import setup_view
from pages import _setup_camp as camp
from pages import _setup_common as common
from pages import _setup_ledger as ledger
from pages import _setup_lists as lists
from pages import _setup_loans as loans
from pages import _setup_teams as teams
from pages import _setup_users as users
from pages import _ui as ui

ui.guard("setup")
st.title(ui.tr("page.setup"))
ui.require("camp.edit")
common.show_flash()
code = ui.camp_code()
view = setup_view(ui.engine(), code) if code else None
frozen = ui.tr("setup.frozen_badge") if view is not None and view.frozen_at else ""
if view is not None:
    st.caption(f"{ui.md_esc(view.config.name)}（{ui.md_esc(view.config.code)}） {frozen}")

TABS = ("camp", "scope", "teams", "scoring", "lists", "users", "loans", "ledger", "freeze")
tabs = dict(
    zip(TABS, st.tabs([ui.tr(f"setup.tab.{t}") for t in TABS], key="setup_tab"), strict=True)
)

with tabs["camp"]:
    camp.camp_tab(view)
with tabs["users"]:
    users.users_tab(view)
for name, render in (
    ("scope", camp.scope_tab),
    ("teams", teams.teams_tab),
    ("scoring", teams.scoring_tab),
    ("lists", lists.lists_tab),
    ("loans", loans.loans_tab),
    ("ledger", ledger.ledger_tab),
    ("freeze", camp.freeze_tab),
):
    with tabs[name]:
        if view is None:
            st.info(ui.tr("setup.no_camp"))
        else:
            render(view)
