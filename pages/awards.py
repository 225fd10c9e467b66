"""/awards — placeholder until issue 7 builds it."""

import streamlit as st

from pages import _ui as ui

st.title(ui.tr("page.awards"))
ui.placeholder(7)
