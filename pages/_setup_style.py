"""/setup, teams tab: each team's colour and emblem on the wall (issue 14 point 5).

One form: a colour picker, an emblem from the fixed icons (or a 1–2 character badge,
or none) per team; nothing reruns until 保存. db.setup.save_team_styles checks and
writes; /board, /pk and the poster draw them (pages/_projector.team).
"""

from __future__ import annotations

import streamlit as st

from core.teamstyle import BADGE_MAX, EMBLEMS, resolve
from db.queries.setup import SetupView
from db.setup import save_team_styles
from pages import _projector as proj
from pages import _setup_common as common
from pages import _ui as ui

NONE, BADGE = "", "badge"
CHOICES = [NONE, *EMBLEMS, BADGE]


def styles_editor(view: SetupView) -> None:
    cfg, code = view.config, view.config.code
    if not cfg.teams:
        return
    st.markdown(proj.css(proj.TEAM_CSS), unsafe_allow_html=True)
    st.subheader(ui.tr("setup.style"))
    st.caption(ui.tr("setup.style.help"))
    shown = resolve([t.name for t in cfg.teams], {t.name: (t.colour, t.emblem) for t in cfg.teams})
    saved = tuple((t.name, t.colour, t.emblem) for t in cfg.teams)
    form = st.form(common.state_key("setup_style_form", (code, saved)), border=False)
    wanted: dict[str, tuple[str | None, str | None]] = {}
    for i, team in enumerate(cfg.teams):
        style = shown[team.name]
        name, colour, kind, badge = form.columns([2.2, 1, 2, 1.4], vertical_alignment="bottom")
        name.markdown(f'<div style="font-size:22px;padding-bottom:8px">'
                      f"{proj.team(team.name, style)}</div>", unsafe_allow_html=True)  # fmt: skip
        shown_label = "visible" if i == 0 else "collapsed"  # the labels once, above the first
        picked = colour.color_picker(ui.tr("setup.style.colour"), style.colour, key=f"sty_c_{i}",
                                     label_visibility=shown_label)  # fmt: skip
        current = BADGE if style.badge else style.emblem
        choice = kind.selectbox(
            ui.tr("setup.style.emblem"), CHOICES, index=CHOICES.index(current), key=f"sty_e_{i}",
            format_func=lambda c: ui.tr(f"setup.style.icon.{c or 'none'}"),
            placeholder=ui.tr("widget.choose"), label_visibility=shown_label,
        )  # fmt: skip
        text = badge.text_input(ui.tr("setup.style.badge"), style.badge, max_chars=BADGE_MAX,
                                key=f"sty_b_{i}", help=ui.tr("setup.style.badge_help"),
                                label_visibility=shown_label)  # fmt: skip
        emblem = (text or "").strip() if choice == BADGE else choice
        wanted[team.name] = (picked, emblem or None)
    if form.form_submit_button(ui.tr("setup.save"), key="setup_style_save"):
        ok, _ = common.attempt("camp.edit", save_team_styles, ui.engine(), code, wanted,
                               common.actor())  # fmt: skip
        if ok:
            common.done(ui.tr("setup.saved"))
