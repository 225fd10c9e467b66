"""/summary — the 17:30 summary meeting and the day's battle report (SPEC §3, §4.6, §4.11).

Projected: in presentation mode (`?present=1`) the channels rotate like a TV
(`?view=NAME` pins one, `?day=N` picks the field day, `?camp=CODE` the camp); on a
laptop they are tabs, with the exports and the problems form beside them. Every
figure comes from one masked db.queries.summary.DaySummary (pages/_summary_views.py).
"""

import streamlit as st

from pages import _notices_due as notices_due
from pages import _projector as proj
from pages import _summary_ledger as ledger
from pages import _summary_manage as manage
from pages import _summary_views as views
from pages import _ui as ui
from pages import _verified as verified

proj.setup("summary")
st.markdown(views.CSS, unsafe_allow_html=True)
code = proj.pick_camp()
if code is None:
    st.title(ui.tr("page.summary"))
    st.info(ui.tr("summary.no_camp"))
    st.stop()
day = views.pick_day(code)
show_verified = verified.shown(code, "summary")


def render(name: str, s) -> None:  # noqa: ANN001
    if name == "teams" and show_verified:
        views.teams(s, verified.cash(code, day))
    else:
        views.RENDER[name](s)


def channel(name: str):  # noqa: ANN201
    """A channel draws the latest summary, header included: a tick shows new results."""

    def draw() -> None:
        latest = views.load(code, day)
        views.header(latest, present=True)
        render(name, latest)

    return draw


if proj.presentation():
    pinned = st.query_params.get("view")
    if pinned in views.VIEWS:
        channel(pinned)()
    else:
        proj.rotate("summary", [channel(name) for name in views.VIEWS], seconds=15)
else:
    summary = views.load(code, day)
    views.header(summary, present=False)
    manage.exports(summary)
    names = [*views.VIEWS, "manage", *(["reconcile"] if ledger.allowed(code) else [])]
    tabs = dict(zip(names, st.tabs([ui.tr(f"summary.view.{name}") for name in names],
                                   key="summary_tab"), strict=True))  # fmt: skip
    for name in views.VIEWS:
        with tabs[name]:
            render(name, summary)
    with tabs["manage"]:
        manage.problems(code, summary)
        notices_due.render(code)  # receipts not back, per team, masked (issue 17)
    if "reconcile" in tabs:
        with tabs["reconcile"]:
            ledger.reconcile_tab(code)
