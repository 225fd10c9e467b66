"""/entry — placeholder until issue 5 builds it."""

import streamlit as st

from pages import _ui as ui

ui.guard("entry")
st.title(ui.tr("page.entry"))
ui.placeholder(5)
