"""The app server survives hostile loan lists uploaded on /setup (issue 12, SPEC §5.3 bounds)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.e2e.conftest import ROOT, Server, _healthy, settled, shot, sign_in
from tests.e2e.test_login import PASSWORD, first_admin
from tests.workbooks import write_far_cell_xlsx

pytestmark = pytest.mark.browser

SMALL = [["借据号", "借款人", "贷款余额", "到期日"], ["J1", "张三", "100", "2024-01-01"]]


def test_the_app_server_refuses_the_far_cell_file_and_the_bomb_and_keeps_serving(
    page,  # noqa: ANN001
    server: Server,
    tmp_path: Path,
) -> None:
    camp_file = str(SAMPLES / "camp_sample.toml")
    command = [sys.executable, str(ROOT / "cli.py"), "--db", server.db_url, "camp-load", camp_file]
    subprocess.run(command, check=True, cwd=ROOT, timeout=120)
    far = write_far_cell_xlsx(tmp_path / "far.xlsx", SMALL, keep_dimension=False)
    bomb = tmp_path / "bomb.xlsx"
    subprocess.run(
        [sys.executable, "-c", "import sys; from tests.workbooks import write_bomb_xlsx as w; "
         f"w(sys.argv[1], {SMALL!r}, megabytes=256)", str(bomb)],
        cwd=ROOT, check=True,
    )  # fmt: skip
    first_admin(page, server)
    sign_in(page.context, server, "boss", PASSWORD)
    page.goto(f"{server.url}/setup")
    page.get_by_role("tab", name="贷款清单").wait_for()
    settled(page)
    page.get_by_role("tab", name="贷款清单").click()
    settled(page)

    for path, message in ((far, "工作表过大"), (bomb, "疑似压缩炸弹")):
        shown = page.get_by_role("tabpanel")  # the open tab (还款流水 has an uploader too)
        uploader = shown.locator('[data-testid="stFileUploader"]').filter(has_text="xlsx")
        started = time.monotonic()
        uploader.first.locator('input[type="file"]').set_input_files(str(path))
        page.get_by_text(message).first.wait_for(timeout=10_000)
        assert time.monotonic() - started < 10
        settled(page)
        page.get_by_role("button", name="导入", exact=True).click()
        page.get_by_text("清单未导入").wait_for(timeout=10_000)
        settled(page)
        shot(page, f"13-setup-refused-{path.stem}")
        assert server.process.poll() is None, "the app server died"
        assert _healthy(server.url)
