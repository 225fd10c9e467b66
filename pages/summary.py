"""/summary — placeholder until issue 6 builds it."""

import streamlit as st

from pages import _ui as ui

ui.guard("summary")
st.title(ui.tr("page.summary"))
ui.placeholder(6)
