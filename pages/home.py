"""Home: the default page, a small landing with the camps in the store."""

import streamlit as st

from db.queries import camp_overview
from pages import _ui as ui


def render() -> None:
    if ui.role() == "screen":  # the projector PC opens on the morning board, with its
        params = st.query_params.to_dict()  # bookmark's ?camp=… kept
        st.switch_page(st.session_state["_board"], query_params=params)
    st.title(ui.tr("app.title"))
    st.caption(ui.tr("app.tagline"))
    camps = camp_overview(ui.engine())
    if camps:
        st.dataframe(
            [
                {ui.tr("col.code"): c["code"], ui.tr("col.name"): c["name"],
                 ui.tr("col.start"): c["start_date"], ui.tr("col.teams"): c["teams"],
                 ui.tr("col.loans"): c["loans"]}
                for c in camps
            ],
            hide_index=True,
        )  # fmt: skip
    else:
        st.info(ui.tr("app.no_camps"))
    st.info(ui.tr("app.home_intro"))
