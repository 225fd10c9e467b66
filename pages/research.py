"""/research — placeholder until issue 5 builds it."""

import streamlit as st

from pages import _ui as ui

ui.guard("research")
st.title(ui.tr("page.research"))
ui.placeholder(5)
