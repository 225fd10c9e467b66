"""/setup tabs: teams, members and territories; daily PK pairings; the scoring rules."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from core.camp import DEFAULT_SCORING, CampConfig
from core.campedit import member_rows, team_rows, with_scoring, with_teams
from core.campfile import CampFileError
from core.campitems import DEPARTMENTS
from core.money import format_yuan
from core.scoring import ACK_STATUS_LEVELS, GUARD_KEYS
from db.camps import CampChanged
from db.queries.setup import SetupView
from db.setup import preview_scoring, save_camp, save_pairings
from pages import _setup_common as common
from pages import _setup_style as style
from pages import _ui as ui

PREVIEW = "_setup_scoring_preview"


def _teams_editors(view: SetupView) -> None:
    code = view.config.code
    keys = {"teams": common.state_key("setup_teams", (code, view.config.teams)),
            "members": common.state_key("setup_members",
                                        (code, view.config.teams, view.departments)),
            "submit": "setup_teams_save"}  # fmt: skip
    keys, expected, (cfg, departments) = common.drawn(
        f"setup_teams_{code}", keys, view.version, (view.config, view.departments)
    )
    st.subheader(ui.tr("setup.teams.teams"))
    teams = st.data_editor(
        pd.DataFrame(team_rows(cfg), columns=["name", "target", "territories"]),
        num_rows="dynamic", hide_index=True, key=keys["teams"],
        column_config={
            "name": st.column_config.TextColumn(ui.tr("setup.teams.name"), required=True),
            "target": st.column_config.NumberColumn(ui.tr("setup.teams.target"), min_value=0,
                                                    step=0.01, format="%.2f"),
            "territories": st.column_config.TextColumn(ui.tr("setup.teams.territories"),
                                                       help=ui.tr("setup.teams.territories_help")),
        },
    )  # fmt: skip
    taken = {t for team in cfg.teams for t in team.territories}
    free = [t for t in view.townships if t not in taken]
    if free:
        st.caption(ui.md("setup.teams.free_townships", towns="、".join(free)))
    st.subheader(ui.tr("setup.teams.members"))
    names = [str(n).strip() for n in teams["name"].dropna() if str(n).strip()]
    members = st.data_editor(
        pd.DataFrame(member_rows(cfg, departments),
                     columns=["team", "name", "department", "leader"]),
        num_rows="dynamic", hide_index=True, key=keys["members"],
        column_config={
            "team": st.column_config.SelectboxColumn(ui.tr("setup.teams.team"), options=names),
            "name": st.column_config.TextColumn(ui.tr("setup.teams.member")),
            "department": st.column_config.SelectboxColumn(ui.tr("setup.teams.department"),
                                                           options=DEPARTMENTS),
            "leader": st.column_config.CheckboxColumn(ui.tr("setup.teams.leader"), default=False),
        },
    )  # fmt: skip
    if st.button(ui.tr("setup.save"), key="setup_teams_save"):
        ui.require("camp.edit")
        try:
            new, departments = with_teams(cfg, teams.to_dict("records"), members.to_dict("records"))
        except CampFileError as exc:
            st.error(ui.tr("setup.rejected"))
            common.problems_table(exc.problems)
            return
        try:
            ok, _ = common.attempt("camp.edit", save_camp, ui.engine(), new, common.actor(),
                                   departments, expected_version=expected)  # fmt: skip
        except CampChanged:
            st.error(ui.tr("setup.teams.changed"))  # the edited tables stay above, as entered
            return
        if ok:
            common.done(ui.tr("setup.saved"))


def _pairings_editor(view: SetupView) -> None:
    cfg, code = view.config, view.config.code
    st.subheader(ui.tr("setup.pairings"))
    st.caption(ui.tr("setup.pairings.help"))
    names = [t.name for t in cfg.teams]
    # in a form: a cell edit is no rerun, so no rerun can race the next edit and drop the
    # first one; the table is read when the user saves
    form = st.form(common.state_key("setup_pairings_form", (code, view.pairings)), border=False)
    rows = form.data_editor(
        pd.DataFrame(view.pairings, columns=["day", "team_a", "team_b"]),
        num_rows="dynamic", hide_index=True,
        key=common.state_key("setup_pairings", (code, view.pairings)),
        column_config={
            "day": st.column_config.SelectboxColumn(ui.tr("setup.pairings.day"),
                                                    options=list(cfg.field_days)),
            "team_a": st.column_config.SelectboxColumn(ui.tr("setup.pairings.team_a"),
                                                       options=names),
            "team_b": st.column_config.SelectboxColumn(ui.tr("setup.pairings.team_b"),
                                                       options=names),
        },
    )  # fmt: skip
    if form.form_submit_button(ui.tr("setup.save"), key="setup_pairings_save"):
        records = [
            {k: (None if pd.isna(v) else v) for k, v in r.items()} for r in rows.to_dict("records")
        ]
        ok, _ = common.attempt("camp.edit", save_pairings, ui.engine(), code, records,
                               common.actor())  # fmt: skip
        if ok:
            common.done(ui.tr("setup.saved"))


def teams_tab(view: SetupView) -> None:
    _teams_editors(view)
    style.styles_editor(view)
    _pairings_editor(view)


def _ranking_table(rows: list[dict], before: dict[str, int] | None = None) -> None:
    table = []
    for r in rows:
        row = {ui.tr("setup.scoring.rank"): r["rank"], ui.tr("setup.teams.team"): r["team"],
               ui.tr("setup.scoring.points"): f"{r['points']:.2f}",
               ui.tr("setup.scoring.cash"): format_yuan(r["cash_fen"])}  # fmt: skip
        if before is not None:
            move = before.get(r["team"], r["rank"]) - r["rank"]
            row[ui.tr("setup.scoring.change")] = f"{move:+d}" if move else "—"
        table.append(row)
    st.dataframe(table, hide_index=True)


def _current(cfg: CampConfig, key: str) -> Decimal | str | None:
    value = cfg.scoring.get(key)
    if value is None or key == "ack_min_status":
        return value
    return Decimal(str(value))


def _rule_inputs(cfg: CampConfig, k: str) -> dict[str, Decimal | str | None]:
    """The optional rules against gaming (SPEC §4.7), each with its one-line explanation."""
    st.markdown(f"**{ui.tr('setup.rules.title')}**")
    cols = st.columns(4)
    out: dict[str, Decimal | str | None] = {}
    for col, key, step in zip(cols, ("promise_max_days", "promise_min_amount", "promise_kept"),
                              (1.0, 100.0, 0.5), strict=False):  # fmt: skip
        current = _current(cfg, key)
        value = col.number_input(
            ui.tr(f"setup.rule.{key}"), min_value=0.0, step=step,
            value=None if current is None else float(current),
            help=ui.tr(f"setup.rule.{key}.help"), key=f"{k}_{key}",
        )  # fmt: skip
        out[key] = None if value is None else Decimal(str(value))
    levels = [None, *ACK_STATUS_LEVELS]
    current = cfg.scoring.get("ack_min_status")
    out["ack_min_status"] = cols[3].selectbox(
        ui.tr("setup.rule.ack_min_status"), levels, index=levels.index(current),
        format_func=lambda v: ui.tr(f"setup.rule.level.{v or 'none'}"),
        help=ui.tr("setup.rule.ack_min_status.help"), key=f"{k}_ack_min_status",
        placeholder=ui.tr("widget.choose"),
    )  # fmt: skip
    return out


def scoring_tab(view: SetupView) -> None:
    cfg, code = view.config, view.config.code
    st.caption(ui.tr("setup.scoring.help"))
    cols, k = st.columns(4), common.state_key("setup_w", (code, cfg.scoring))
    weights = {
        key: cols[i % 4].number_input(ui.tr(f"setup.weight.{key}"), min_value=0.0, step=0.5,
                                      value=float(cfg.scoring[key]), key=f"{k}_{key}")
        for i, key in enumerate(DEFAULT_SCORING)
    }  # fmt: skip
    weights = {k: Decimal(str(v)) for k, v in weights.items()}
    weights.update(_rule_inputs(cfg, k))
    changed = any(weights[k] != Decimal(cfg.scoring[k]) for k in DEFAULT_SCORING) or any(
        weights[key] != _current(cfg, key) for key in GUARD_KEYS if key != "reconcile_days"
    )
    if st.button(ui.tr("setup.scoring.preview"), key="setup_scoring_preview", disabled=not changed):
        ok, result = common.attempt("camp.edit", preview_scoring, ui.engine(), code, weights)
        if ok:
            st.session_state[PREVIEW] = {"code": code, "weights": weights, "rows": result}
    preview = st.session_state.get(PREVIEW)
    if not preview or preview["code"] != code or preview["weights"] != weights:
        st.session_state.pop(PREVIEW, None)  # the weights moved on since: preview again
        return
    old, new = preview["rows"]
    st.warning(ui.tr("setup.scoring.confirm_help"))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{ui.tr('setup.scoring.old')}**")
        _ranking_table(old)
    with right:
        st.markdown(f"**{ui.tr('setup.scoring.new')}**")
        _ranking_table(new, {r["team"]: r["rank"] for r in old})
    c1, c2 = st.columns(2)
    if c2.button(ui.tr("setup.cancel"), key="setup_scoring_cancel"):
        st.session_state.pop(PREVIEW, None)
        st.rerun()
    if c1.button(ui.tr("setup.scoring.confirm"), key="setup_scoring_confirm", type="primary"):
        ui.require("camp.edit")
        try:
            new_cfg = with_scoring(cfg, preview["weights"])
        except CampFileError as exc:
            common.problems_table(exc.problems)
            return
        if common.attempt("camp.edit", save_camp, ui.engine(), new_cfg, common.actor())[0]:
            st.session_state.pop(PREVIEW, None)
            common.done(ui.tr("setup.scoring.saved"))
