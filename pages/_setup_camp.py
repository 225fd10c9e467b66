"""/setup tabs: the camp (camp file or form), its scope, the freeze of the standings and the
close of the camp."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import streamlit as st

from core.camp import CampConfig
from core.campedit import config_from_form, shifts_text, stale_rows
from core.campfile import CampFileError, camp_to_toml, parse_camp_toml
from core.clocks import GUARANTEE_TYPES, JOINT
from core.money import fen_to_yuan
from core.records import SEGMENTS
from db.camps import CampChanged
from db.postloan import close_camp, closed_on
from db.queries import camp_overview
from db.queries.setup import SetupView, setup_view
from db.setup import save_camp, save_scope
from db.visits import set_frozen
from pages import _setup_common as common
from pages import _ui as ui


def load_toml(text: str) -> bool:
    """Load a camp file's text (checked in full, nothing written on a problem)."""
    try:
        cfg = parse_camp_toml(text)
    except CampFileError as exc:
        ui.require("camp.edit")
        st.error(ui.tr("setup.camp.bad_file"))
        common.problems_table(exc.problems)
        return False
    ok, loaded = common.attempt("camp.edit", save_camp, ui.engine(), cfg, common.actor())
    if ok:
        key = "setup.camp.created" if loaded.created else "setup.camp.updated"
        common.done(ui.tr(key, code=cfg.code), "setup_camp_paste")
    return ok


def _file_section(view: SetupView | None) -> None:
    st.subheader(ui.tr("setup.camp.file"))
    uploaded = st.file_uploader(ui.tr("setup.camp.upload"), type=["toml"], key="setup_camp_file")
    pasted = st.text_area(ui.tr("setup.camp.paste"), key="setup_camp_paste", height=120)
    if st.button(ui.tr("setup.camp.load"), key="setup_camp_load"):
        if uploaded is not None:
            try:
                text = uploaded.getvalue().decode("utf-8-sig")
            except UnicodeDecodeError:
                st.error(ui.tr("setup.camp.not_utf8"))
                return
        else:
            text = pasted
        if text.strip():
            load_toml(text)
        else:
            st.warning(ui.tr("setup.camp.nothing"))
    if view is not None:
        st.download_button(
            ui.tr("setup.camp.download"), camp_to_toml(view.config).encode("utf-8"),
            file_name=f"{view.config.code}.toml", mime="application/toml",
            key="setup_camp_download", on_click="ignore",
        )  # fmt: skip


def _defaults(base: CampConfig | None) -> dict:
    if base is None:
        return {
            "code": "", "name": "", "bank": "", "start": "today", "days": 7, "first": 3,
            "cutoff": time(17, 30), "final": time(12), "tz": "Asia/Shanghai",
            "quiet": (time(22), time(8)), "shifts": "22:00-01:00, 04:30-07:00", "cost": None,
            "guarantee": JOINT,
        }  # fmt: skip
    return {
        "code": base.code, "name": base.name, "bank": base.bank, "start": base.start_date,
        "days": base.days, "first": min(base.field_days), "cutoff": base.cutoff,
        "final": base.final_cutoff, "tz": base.timezone, "quiet": base.quiet_hours,
        "shifts": shifts_text(base.night_shifts),
        "cost": float(fen_to_yuan(base.cost_fen)) if base.cost_fen else None,
        "guarantee": base.guarantee_type or JOINT,
    }  # fmt: skip


def _form(base: CampConfig | None, mode: str, version: int) -> None:
    d = _defaults(base)
    k = common.state_key(f"setup_cf_{mode}", d) + "_"
    keys, expected, d = common.drawn(f"setup_cf_{mode}_{base.code if base else ''}",
                                     {"k": k, "submit": f"{k}save"}, version, d)  # fmt: skip
    k = keys["k"]
    with st.form(f"{k}form"):
        c1, c2, c3 = st.columns(3)
        code = c1.text_input(ui.tr("col.code"), d["code"], key=f"{k}code", disabled=bool(base))
        name = c2.text_input(ui.tr("col.name"), d["name"], key=f"{k}name")
        bank = c3.text_input(ui.tr("setup.camp.bank"), d["bank"], key=f"{k}bank")
        start = c1.date_input(ui.tr("col.start"), d["start"], key=f"{k}start")
        days = c2.number_input(ui.tr("setup.camp.days"), 1, 60, d["days"], 1, key=f"{k}days")
        first = c3.number_input(ui.tr("setup.camp.first_field_day"), 1, 60, d["first"], 1,
                                key=f"{k}first")  # fmt: skip
        cutoff = c1.time_input(ui.tr("setup.camp.cutoff"), d["cutoff"], key=f"{k}cutoff")
        final = c2.time_input(ui.tr("setup.camp.final_cutoff"), d["final"], key=f"{k}final")
        zone = c3.text_input(ui.tr("setup.camp.timezone"), d["tz"], key=f"{k}tz")
        q1 = c1.time_input(ui.tr("setup.camp.quiet_start"), d["quiet"][0], key=f"{k}q1")
        q2 = c2.time_input(ui.tr("setup.camp.quiet_end"), d["quiet"][1], key=f"{k}q2")
        shifts = c3.text_input(ui.tr("setup.camp.night_shifts"), d["shifts"], key=f"{k}shifts")
        cost = c1.number_input(ui.tr("setup.camp.cost"), 0.0, None, d["cost"], 1000.0, "%.2f",
                               key=f"{k}cost")  # fmt: skip
        guarantee = c2.selectbox(ui.tr("setup.camp.guarantee_type"), GUARANTEE_TYPES,
                                 GUARANTEE_TYPES.index(d["guarantee"]), key=f"{k}guarantee",
                                 help=ui.tr("setup.camp.guarantee_type.help"),
                                 placeholder=ui.tr("widget.choose"))  # fmt: skip
        if not st.form_submit_button(ui.tr("setup.save"), key=f"{k}save"):
            return
    ui.require("camp.edit")
    if base is None and code.strip() in {c["code"] for c in camp_overview(ui.engine())}:
        st.error(ui.md("setup.camp.exists", code=code.strip()))
        return
    try:
        cfg = config_from_form(
            base, code=code, name=name, bank=bank, start_date=start, days=days,
            first_field_day=first, cutoff=cutoff, final_cutoff=final, timezone=zone,
            quiet_hours=(q1, q2), night_shifts=shifts, cost_yuan=cost, guarantee_type=guarantee,
        )  # fmt: skip
    except CampFileError as exc:
        st.error(ui.tr("setup.rejected"))
        common.problems_table(exc.problems)
        return
    try:
        ok, loaded = common.attempt("camp.edit", save_camp, ui.engine(), cfg, common.actor(),
                                    expected_version=0 if base is None else expected)  # fmt: skip
    except CampChanged:
        _changed(cfg)
        return
    if ok:
        key = "setup.camp.created" if loaded.created else "setup.camp.updated"
        common.done(ui.md(key, code=cfg.code))


def _changed(mine: CampConfig) -> None:
    """The save was refused: the camp changed since the form was drawn. Show both."""
    st.error(ui.tr("setup.camp.changed"))
    saved = setup_view(ui.engine(), mine.code).config
    head = [ui.tr(f"setup.camp.{c}") for c in ("setting", "yours", "saved_now", "differs")]
    rows = [(ui.tr(label), a, b, "≠" if differs else "")
            for label, a, b, differs in stale_rows(mine, saved)]  # fmt: skip
    st.table([dict(zip(head, row, strict=True)) for row in rows])


def camp_tab(view: SetupView | None) -> None:
    _file_section(view)
    st.subheader(ui.tr("setup.camp.form"))
    mode = "new"
    if view is not None:
        mode = st.radio(
            ui.tr("setup.camp.mode"), ["edit", "new"], horizontal=True, key="setup_camp_mode",
            format_func=lambda m: ui.tr(f"setup.camp.mode_{m}"),
        )  # fmt: skip
    editing = view is not None and mode == "edit"
    _form(view.config if editing else None, mode, view.version if editing else 0)


def scope_tab(view: SetupView) -> None:
    scope, code = view.scope, view.config.code
    st.caption(ui.tr("setup.scope.help"))
    k = common.state_key("setup_scope", (code, scope))
    segments = st.multiselect(
        ui.tr("setup.scope.segments"),
        SEGMENTS,
        default=scope["segments"],
        key=f"{k}_seg",
        placeholder=ui.tr("widget.choose_many"),
        select_all=False,
    )
    c1, c2 = st.columns(2)
    low = c1.number_input(ui.tr("setup.scope.aging_min"), min_value=0, step=1,
                          value=scope["aging_min"], key=f"{k}_min")  # fmt: skip
    high = c2.number_input(ui.tr("setup.scope.aging_max"), min_value=0, step=1,
                           value=scope["aging_max"], key=f"{k}_max")  # fmt: skip
    options = sorted(set(view.townships) | set(scope["townships"]))
    towns = st.multiselect(
        ui.tr("setup.scope.townships"),
        options,
        default=scope["townships"],
        key=f"{k}_towns",
        placeholder=ui.tr("widget.choose_many"),
        select_all=False,
    )
    st.caption(ui.tr("setup.scope.count", n=view.loans_in_scope, total=view.loans))
    if st.button(ui.tr("setup.save"), key="setup_scope_save"):
        new = {"segments": segments, "aging_min": low, "aging_max": high, "townships": towns}
        if common.attempt("camp.edit", save_scope, ui.engine(), code, new, common.actor())[0]:
            common.done(ui.tr("setup.saved"))


def freeze_tab(view: SetupView) -> None:
    code, frozen = view.config.code, view.frozen_at
    closed = closed_on(ui.engine(), code)
    st.caption(ui.tr("setup.freeze.help"))
    if frozen is None:
        st.info(ui.tr("setup.freeze.open"))
        clicked = st.button(ui.tr("setup.freeze.freeze"), key="setup_freeze", type="primary")
        at, message = datetime.now(UTC), "setup.freeze.done"
    else:
        local = frozen.astimezone(ZoneInfo(view.config.timezone)).strftime("%Y-%m-%d %H:%M")
        st.warning(ui.tr("setup.freeze.frozen", at=local))
        # a closed camp's standings are final: nothing to unfreeze
        clicked = closed is None and st.button(ui.tr("setup.freeze.unfreeze"), key="setup_unfreeze")
        at, message = None, "setup.freeze.undone"
    if clicked and common.attempt("freeze", set_frozen, ui.engine(), code, at, common.actor())[0]:
        common.done(ui.tr(message))
    st.divider()
    close_section(view, closed)


def close_section(view: SetupView, closed: date | None) -> None:
    """The admin closes the camp at a date: final standings, post-loan tasks (SPEC §4.9)."""
    st.subheader(ui.tr("setup.close.title"))
    if closed is not None:
        st.success(ui.tr("setup.close.closed", on=closed.isoformat()))
        return
    st.caption(ui.tr("setup.close.help"))
    today = ui.now().astimezone(ZoneInfo(view.config.timezone)).date()
    on = st.date_input(ui.tr("setup.close.date"), today, key="setup_close_on")
    sure = st.checkbox(ui.tr("setup.close.confirm"), key="setup_close_sure")
    if not st.button(ui.tr("setup.close.button"), key="setup_close", type="primary"):
        return
    if not sure:
        st.warning(ui.tr("setup.close.unconfirmed"))
        return
    ok, done = common.attempt("close", close_camp, ui.engine(), view.config.code, on,
                              common.actor())  # fmt: skip
    if ok:
        key = "setup.close.already" if done.already_closed else "setup.close.done"
        message = ui.tr(key, on=done.closed_on.isoformat(), n=done.tasks_created)
        common.done(message, "setup_close_sure", "setup_close_on")
