"""/setup's 还款流水 tab (SPEC §5.6): the organiser previews the core system's repayment file,
imports it with the command line's checks, and sets the ceremony on verified standings."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from db.models import Camp, Repayment
from db.uow import UnitOfWork
from tests.integration.test_summary import LIU_LI
from tests.ui.test_setup_page import (
    CODE,
    SETUP,
    messages,
    open_as,
    sample_camp,
    setup_page,
    store,
)

__all__ = ["open_as", "sample_camp", "setup_page", "store"]  # fixtures shared

HEADER = "借据号,交易日期,还款本金,还款利息,流水号\n"


def stored(engine: Engine) -> tuple[int, bool]:
    with UnitOfWork(engine, write=False) as uow:
        n = uow.session.scalar(select(func.count()).select_from(Repayment))
        verified = uow.session.scalar(select(Camp.awards_verified).where(Camp.code == CODE))
    return int(n), bool(verified)


def opened(open_as: Callable[[str], AppTest]) -> AppTest:
    at = open_as("boss")
    at.switch_page(SETUP).run()
    assert not at.exception
    return at


def upload(at: AppTest, text: str) -> AppTest:
    at.file_uploader(key="setup_ledger_file").set_value(
        ("还款流水.csv", text.encode("utf-8"), "text/csv")
    )
    return at.run()


def test_the_organiser_previews_and_imports_the_repayment_records(
    open_as: Callable[[str], AppTest], store: Engine, sample_camp: str
) -> None:
    at = upload(opened(open_as), HEADER + f"{LIU_LI},2026-12-17,15000,0,C1\n")
    assert not at.exception
    assert "预览：共 1 条可导入记录，0 个问题" in " ".join(c.value for c in at.caption)
    assert stored(store) == (0, False)
    at.button(key="setup_ledger_import").click().run()
    assert not at.exception
    assert stored(store) == (1, False)
    assert "已保存 1 条" in messages(at, "success")


def test_a_bad_row_is_shown_in_the_preview_and_the_import_writes_nothing(
    open_as: Callable[[str], AppTest], store: Engine, sample_camp: str
) -> None:
    at = upload(opened(open_as), HEADER + f"{LIU_LI},2026-12-17,-5,0,C1\n")
    frames = "\n".join(df.value.to_csv(index=False) for df in at.dataframe)
    assert "金额为负数" in frames
    at.button(key="setup_ledger_import").click().run()
    assert not at.exception
    assert stored(store) == (0, False)


def test_the_ceremony_can_be_set_on_verified_standings(
    open_as: Callable[[str], AppTest], store: Engine, sample_camp: str
) -> None:
    at = opened(open_as)
    toggle = next(t for t in at.toggle if t.key.startswith("setup_ledger_awards"))
    toggle.set_value(True).run()
    assert stored(store) == (0, False)  # not before it is saved
    at.button(key="setup_ledger_awards_save").click().run()
    assert not at.exception
    assert stored(store) == (0, True)
