"""/research — the portfolio research of day 1 (admin, trainer, manager; SPEC §3, §4.2–4.5).

Thin: the figures come from core.research over the loans db.queries.research reads; every
tab lives in a pages/_research_*.py module; every write is a db.research use case
called after the role check on the server (research.edit: admin and trainer).
Personal data is shown unmasked here, as §4.10 allows on /research.
"""

import streamlit as st

from core import research as rs
from db.queries.research import research_data
from pages import _evidence as evidence
from pages import _notices as notices
from pages import _research_common as common
from pages import _research_overview as overview
from pages import _research_plan as plan
from pages import _research_types as types
from pages import _ui as ui

ui.guard("research")
st.title(ui.tr("page.research"))
common.show_flash()
code = ui.camp_code()
if code is None:
    st.info(ui.tr("app.no_camps"))
    st.stop()

data = research_data(ui.engine(), code)
st.caption(ui.md("research.caption", name=data.name, code=data.code, n=len(data.loans),
                 out=data.out_of_scope))  # fmt: skip
if not data.loans:
    st.info(ui.tr("research.no_loans"))
    st.stop()
at = st.date_input(ui.tr("research.at"), value=data.today, key="research_at",
                   help=ui.tr("research.at_help"))  # fmt: skip
views = rs.analyse(data.loans, at)

TABS = ("composition", "clocks", "types", "attention", "plans", "notices", "evidence")
tabs = dict(
    zip(TABS, st.tabs([ui.tr(f"research.tab.{t}") for t in TABS], key="research_tab"), strict=True)
)
with tabs["composition"]:
    overview.composition_tab(views, data.out_of_scope, at)
with tabs["clocks"]:
    overview.clocks_tab(views, at)
    evidence.clock_evidence(code, views)  # the paper behind each restart (issue 17)
    notices.bundle_section(data)  # the lawyers' bundle of one loan (issue 17)
with tabs["types"]:
    types.types_tab(data, views)
with tabs["attention"]:
    types.attention_tab(data, views)
with tabs["plans"]:
    plan.plan_tab(data)
with tabs["notices"]:  # numbered notices, the lawyers' bundle (issue 17)
    notices.notices_tab(data)
with tabs["evidence"]:
    evidence.evidence_tab(code)
