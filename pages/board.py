"""/board — placeholder until issue 6 builds it."""

import streamlit as st

from pages import _ui as ui

ui.guard("board")
st.title(ui.tr("page.board"))
ui.placeholder(6)
