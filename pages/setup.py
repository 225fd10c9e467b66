"""/setup — placeholder while the set-up page is built (issue 4)."""

import streamlit as st

from pages import _ui as ui

st.title(ui.tr("page.setup"))
ui.require("camp.edit")
ui.placeholder(4)
