"""Evidence in the store (issue 17, point 3): a receipt's photo attached to a visit or a
follow-up, seen only by who may see it, flagged when missing, carried by backup and
restore byte for byte — on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine, select

from core.errors import InputRejected
from core.evidence import MAX_BYTES
from db.engine import make_engine
from db.evidence import attach, attachable, list_for_loan, loan_evidence, unevidenced
from db.models import AuditEntry, Evidence
from db.uow import UnitOfWork
from db.visits import record_visits, void_visit
from tests.integration import test_postloan_store as pl
from tests.integration.test_postloan_store import (
    ACK_RESTART,
    CODE,
    EXPIRED,
    KEPT,
    count,
    data_version,
    follow,
    task_of,
    visit,
)
from tests.unit.test_evidence import GPS_IFD, jpeg_with_gps

camp, visited, closed = pl.camp, pl.visited, pl.closed  # the post-loan tests' store

ADMIN = {"actor": "boss", "actor_name": "营长", "actor_role": "admin"}
OWNER = {"actor": "sun", "actor_name": "孙经理", "actor_role": "manager"}  # ACK_RESTART's
OTHER = {"actor": "qian", "actor_name": "钱经理", "actor_role": "manager"}


def record_of(engine: Engine, loan_no: str, *, ack: bool | None = None):  # noqa: ANN201
    records = attachable(engine, CODE, role="admin", user_name="营长", loan_no=loan_no)
    return next(r for r in records if ack is None or r.ack is ack)


def test_a_receipt_photo_attached_to_a_visit_is_stored_stripped_and_audited(
    engine: Engine, visited: str
) -> None:
    r = record_of(engine, ACK_RESTART, ack=True)
    before = data_version(engine)
    new_id = attach(engine, CODE, "visit", r.id, jpeg_with_gps(), filename="回执.jpg",
                    caption="家属签收的回执", **ADMIN)  # fmt: skip
    assert data_version(engine) == before + 1
    with UnitOfWork(engine, write=False) as uow:
        row = uow.session.get(Evidence, new_id)
        stored = Image.open(io.BytesIO(row.data))
        assert (row.visit_id, row.followup_id, row.mime) == (r.id, None, "image/jpeg")
        assert not stored.getexif().get_ifd(GPS_IFD) and b"Exif" not in row.data
        audit = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "evidence.attach")
        ).one()
        assert audit.actor == "boss" and audit.after["sha256"] == row.sha256
    [item] = list_for_loan(engine, r.loan_id)
    assert item.mime == "image/jpeg" and item.data == bytes(row.data)
    assert "签收回执" in item.caption and "家属签收的回执" in item.caption
    assert "见到家属" in item.caption and item.recorded_at.tzinfo is not None


@pytest.mark.parametrize(
    "data,code",
    [
        (b"%PDF-1.4\n" + b"0" * MAX_BYTES, "evidence.too_big"),
        (b"PK\x03\x04 not a photo", "evidence.type"),
    ],
)
def test_a_refused_file_writes_nothing(
    engine: Engine, visited: str, data: bytes, code: str
) -> None:
    r = record_of(engine, ACK_RESTART, ack=True)
    before = data_version(engine)
    with pytest.raises(InputRejected) as exc:
        attach(engine, CODE, "visit", r.id, data, filename="x", **ADMIN)
    assert exc.value.problems[0].code == code
    assert count(engine, Evidence) == 0 and data_version(engine) == before


def test_evidence_cannot_go_to_an_unknown_or_a_voided_visit(engine: Engine, visited: str) -> None:
    with pytest.raises(InputRejected) as exc:
        attach(engine, CODE, "visit", 99_999, jpeg_with_gps(), **ADMIN)
    assert exc.value.problems[0].code == "evidence.unknown_visit"
    r = record_of(engine, EXPIRED)
    void_visit(engine, CODE, r.id, "typed twice", actor="boss")
    with pytest.raises(InputRejected) as exc:
        attach(engine, CODE, "visit", r.id, jpeg_with_gps(), **ADMIN)
    assert exc.value.problems[0].code == "evidence.voided"
    assert count(engine, Evidence) == 0


def test_a_manager_sees_and_attaches_evidence_of_their_own_loans_only(
    engine: Engine, visited: str
) -> None:
    r = record_of(engine, ACK_RESTART, ack=True)  # 孙经理's loan
    attach(engine, CODE, "visit", r.id, jpeg_with_gps(), **ADMIN)
    own = loan_evidence(engine, CODE, ACK_RESTART, role="manager", user_name="孙经理")
    assert own is not None and len(own.of(r.ref)) == 1
    assert loan_evidence(engine, CODE, ACK_RESTART, role="manager", user_name="钱经理") is None
    assert loan_evidence(engine, CODE, ACK_RESTART, role="screen", user_name="孙经理") is None
    assert loan_evidence(engine, CODE, ACK_RESTART, role="trainer", user_name="林教练")
    with pytest.raises(InputRejected) as exc:
        attach(engine, CODE, "visit", r.id, jpeg_with_gps(), **OTHER)
    assert exc.value.problems[0].code == "evidence.not_allowed"
    assert attachable(engine, CODE, role="manager", user_name="钱经理", loan_no=ACK_RESTART) == []
    assert attachable(engine, CODE, role="screen", user_name="大屏") == []
    assert count(engine, Evidence) == 1


def test_a_receipt_without_evidence_is_flagged_24_hours_after_it_was_entered(
    engine: Engine, visited: str
) -> None:
    r = record_of(engine, ACK_RESTART, ack=True)
    seen = {"role": "trainer", "user_name": "林教练"}
    assert unevidenced(engine, CODE, r.recorded_at + timedelta(hours=23, minutes=59), **seen) == []
    [flagged] = unevidenced(engine, CODE, r.recorded_at + timedelta(hours=24), **seen)
    assert (flagged.loan_no, flagged.ref, flagged.contact) == (ACK_RESTART, r.ref, "见到家属")
    later = r.recorded_at + timedelta(days=2)
    assert unevidenced(engine, CODE, later, role="manager", user_name="孙经理") == [flagged]
    assert unevidenced(engine, CODE, later, role="manager", user_name="钱经理") == []
    assert unevidenced(engine, CODE, later, role="screen", user_name="大屏") == []
    attach(engine, CODE, "visit", r.id, jpeg_with_gps(), **ADMIN)
    assert unevidenced(engine, CODE, later, **seen) == []


def test_a_visit_without_a_signed_receipt_is_never_flagged(engine: Engine, visited: str) -> None:
    r = record_of(engine, KEPT)
    assert not r.ack
    far = r.recorded_at + timedelta(days=30)
    assert all(f.ack for f in unevidenced(engine, CODE, far, role="admin", user_name="营长"))


def test_the_owner_attaches_a_scan_to_a_follow_up_after_the_close(
    engine: Engine, closed: str
) -> None:
    task = task_of(engine, ACK_RESTART)
    follow_id = follow(engine, task, ack=True, actor="sun", actor_name=task.owner,
                       actor_role="manager")  # fmt: skip
    pdf = b"%PDF-1.4\n% a scanned receipt\n%%EOF\n"
    attach(engine, CODE, "followup", follow_id, pdf, filename="scan.pdf",
           actor="sun", actor_name=task.owner, actor_role="manager")  # fmt: skip
    file = loan_evidence(engine, CODE, ACK_RESTART, role="manager", user_name=task.owner)
    assert file is not None
    [a] = file.of(f"followup:{follow_id}")
    assert (a.mime, a.data) == ("application/pdf", pdf)
    bundle = list_for_loan(engine, record_of(engine, ACK_RESTART).loan_id)
    assert any(i.data == pdf and "贷后跟进" in i.caption for i in bundle)


@pytest.fixture
def other_url(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> str:
    """A second, empty store on the same backend as `db_url`."""
    if not db_url.startswith("sqlite"):
        return request.getfixturevalue("pg_url2")
    path = tmp_path / "restored.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


def test_backup_and_restore_carry_every_attachment_byte_for_byte(
    engine: Engine, visited: str, db_url: str, other_url: str, tmp_path: Path
) -> None:
    from tests.clirun import run_cli

    r = record_of(engine, ACK_RESTART, ack=True)
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"  # every byte value
    attach(engine, CODE, "visit", r.id, jpeg_with_gps(), caption="回执", **ADMIN)
    attach(engine, CODE, "visit", r.id, pdf, filename="scan.pdf", **ADMIN)
    backup_file = tmp_path / "camp-backup.db"
    code, _, err = run_cli(db_url, "backup", str(backup_file))
    assert code == 0, err
    code, _, err = run_cli(other_url, "restore", str(backup_file))
    assert code == 0, err

    def rows(eng: Engine) -> list[tuple]:
        with UnitOfWork(eng, write=False) as uow:
            return [
                (e.id, e.loan_id, e.visit_id, e.mime, e.sha256, e.caption, bytes(e.data))
                for e in uow.session.scalars(select(Evidence).order_by(Evidence.id))
            ]

    restored = make_engine(other_url)
    try:
        assert rows(restored) == rows(engine) and len(rows(engine)) == 2
        assert list_for_loan(restored, r.loan_id) == list_for_loan(engine, r.loan_id)
        assert any(i.data == pdf for i in list_for_loan(restored, r.loan_id))
        # the restored store takes new attachments after the restored ones
        again = attach(restored, CODE, "visit", r.id, pdf, **ADMIN)
        assert again > max(row[0] for row in rows(engine))
    finally:
        restored.dispose()


def test_a_new_visit_entered_by_a_trainer_is_offered_first_for_a_photo(
    engine: Engine, visited: str
) -> None:
    done = record_visits(engine, CODE, [visit(EXPIRED, "2026-12-19 16:00", ack=True)],
                         actor="lin")  # fmt: skip
    assert done.stored == 1
    [first, *_] = attachable(engine, CODE, role="trainer", user_name="林教练", entered_by="lin")
    assert (first.loan_no, first.ack, first.kind) == (EXPIRED, True, "visit")
