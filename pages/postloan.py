"""/postloan — placeholder until issue 7 builds it."""

import streamlit as st

from pages import _ui as ui

ui.guard("postloan")
st.title(ui.tr("page.postloan"))
ui.placeholder(7)
