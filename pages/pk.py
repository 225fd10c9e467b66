"""/pk — placeholder until issue 6 builds it."""

import streamlit as st

from pages import _ui as ui

ui.guard("pk")
st.title(ui.tr("page.pk"))
ui.placeholder(6)
