"""Collection Camp Command — the Streamlit entry point.

For now a placeholder home page over the store; log-in, roles and the pages of
SPEC §3 arrive with the next issues.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core.config import resolve_database_url
from core.i18n import LANGUAGES, t
from db.engine import make_engine
from db.migrate import upgrade
from db.queries import camp_overview


@st.cache_resource
def get_engine(url: str):  # noqa: ANN201 — one engine (and pool) per store for the process
    engine = make_engine(url)
    upgrade(engine)
    return engine


st.set_page_config(page_title="清收训练营指挥台", page_icon="🚩", layout="wide")
lang = st.sidebar.radio(t("app.language"), LANGUAGES, format_func=str.upper, key="lang")
st.title(t("app.title", lang))
st.caption(t("app.tagline", lang))
try:
    camps = camp_overview(get_engine(resolve_database_url()))
except SQLAlchemyError:
    st.error(t("app.store_error", lang))
    st.stop()
if camps:
    st.subheader(t("app.camps", lang))
    st.dataframe(
        [
            {
                t("col.code", lang): c["code"],
                t("col.name", lang): c["name"],
                t("col.start", lang): c["start_date"],
                t("col.teams", lang): c["teams"],
                t("col.loans", lang): c["loans"],
            }
            for c in camps
        ],
        hide_index=True,
    )
else:
    st.info(t("app.no_camps", lang))
st.info(t("app.coming", lang))
