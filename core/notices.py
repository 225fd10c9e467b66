"""Collection notices and their numbered receipts (issue 17; SPEC §4.4, §4.10).

Two kinds of notice go out in batches: the 逾期贷款催收通知书 to a borrower and the
履行保证责任通知书 to a joint-liability guarantor. Their wording is the camp's template
(kept in the store, editable by the admin), with placeholders the loan's figures at the
print date fill in. Each notice has a tear-off receipt (回执) numbered with the camp's
code and a sequence (`short_number`), printed with a QR code of that number.

When a signed receipt comes back, its number opens the notice, and the signature is
recorded as a visit (in the camp) or a follow-up (after the close) with a signed
receipt — who signed decides the contact (本人 → 见到本人, 家属 → 见到家属, 保证人 →
见到保证人), and core.clocks alone decides what that does to the clocks: this module
writes no clock rule of its own.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import parse_qs, urlencode, urlsplit

from core.clocks import (
    BORROWER,
    GUARANTOR,
    JOINT,
    RELATIVE,
    ClockEvent,
    ClockReplay,
    Clocks,
    Effect,
    LoanTerms,
)
from core.loans import LimitationStatus
from core.money import format_yuan

BORROWER_NOTICE = "borrower"
GUARANTOR_NOTICE = "guarantor"
KINDS = (BORROWER_NOTICE, GUARANTOR_NOTICE)

#: Who signed a receipt, and the contact result that signature is recorded with.
SIGNERS = {"本人": BORROWER, "家属": RELATIVE, "保证人": GUARANTOR}
#: Who may sign each kind's receipt: a borrower's notice by the borrower or a relative
#: living with them, a guarantor's by the guarantor.
SIGNERS_OF = {BORROWER_NOTICE: ("本人", "家属"), GUARANTOR_NOTICE: ("保证人",)}

#: Selections a batch is printed for.
SELECT_TEAM = "team"  # a team's territory
SELECT_PLAN = "plan"  # a team's visit plan of one camp day
SELECT_URGENT = "urgent"  # every loan whose limitation is expired or urgent
SELECT_GUARANTORS = "guarantors"  # guarantors whose period ends within N days
SELECTIONS = (SELECT_TEAM, SELECT_PLAN, SELECT_URGENT, SELECT_GUARANTORS)
DEFAULT_GUARANTOR_DAYS = 60
DEFAULT_RETURN_DAYS = 7
#: A visit plan never saved is the prefilled one, as /research's plan tab first shows it.
DEFAULT_PLAN_SIZE = 15


@dataclass(frozen=True)
class Selection:
    """What a batch is printed for.

    `kind`: one of SELECTIONS. `team` for a team's territory or visit plan, `day` (camp
    day) for a plan, `within_days` for the guarantors' batch. `with_guarantors` adds, to
    a team's or a plan's borrower notices, the notices to the loans' joint-liability
    guarantors whose period is still open.
    """

    kind: str
    team: str | None = None
    day: int | None = None
    within_days: int = DEFAULT_GUARANTOR_DAYS
    with_guarantors: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "team": self.team,
            "day": self.day,
            "within_days": self.within_days,
            "with_guarantors": self.with_guarantors,
        }


PLACEHOLDERS = (
    "借款人",
    "借据号",
    "本金",
    "利息",
    "合计",
    "到期日",
    "保证人",
    "保证合同",
    "银行",
    "日期",
    "编号",
)

DEFAULT_TITLES = {
    BORROWER_NOTICE: "逾期贷款催收通知书",
    GUARANTOR_NOTICE: "履行保证责任通知书",
}

DEFAULT_BODIES = {
    BORROWER_NOTICE: (
        "{借款人}：\n"
        "您在我行借款（借据号：{借据号}）已于{到期日}到期，至今未能足额归还。"
        "截至{日期}，您尚欠我行贷款本金人民币{本金}元，利息人民币{利息}元，"
        "合计人民币{合计}元（利息计算至{日期}，此后的利息、罚息按合同约定计收）。\n"
        "根据《中华人民共和国民法典》第六百七十五条、第六百七十六条及借款合同的约定，"
        "特此通知您在收到本通知书之日起十五日内到我行归还上述欠款。"
        "逾期不还的，我行将依法通过诉讼等方式追收，由此产生的一切费用和法律后果由您承担。\n"
        "请您在下方回执上签字（或按手印）并注明签收日期，以确认收到本通知书。"
    ),
    GUARANTOR_NOTICE: (
        "{保证人}：\n"
        "借款人{借款人}在我行借款（借据号：{借据号}）已于{到期日}到期，借款人未能足额归还。"
        "截至{日期}，借款人尚欠我行贷款本金人民币{本金}元，利息人民币{利息}元，"
        "合计人民币{合计}元。\n"
        "您作为该笔借款的保证人（{保证合同}），根据《中华人民共和国民法典》第六百八十八条、"
        "第六百九十三条、第六百九十四条的规定及保证合同的约定，应当承担保证责任。"
        "我行现正式要求您在收到本通知书之日起十五日内履行保证责任，代为清偿上述欠款。\n"
        "请您在下方回执上签字（或按手印）并注明签收日期，以确认收到本通知书。"
    ),
}

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Template:
    kind: str
    title: str
    body: str


def default_template(kind: str) -> Template:
    return Template(kind, DEFAULT_TITLES[kind], DEFAULT_BODIES[kind])


def unknown_placeholders(text: str) -> list[str]:
    """The `{…}` names in a template that are not PLACEHOLDERS, in order, once each."""
    found = [m.group(1) for m in _PLACEHOLDER.finditer(text)]
    return list(dict.fromkeys(n for n in found if n not in PLACEHOLDERS))


def fill(text: str, values: Mapping[str, str]) -> str:
    """The template with each known `{name}` replaced by its value (unknown ones kept)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


# ----------------------------------------------------------------------------- numbers


def short_number(code: str, seq: int) -> str:
    """The receipt's short number: the camp's code and the notice's sequence."""
    return f"{code}-{seq:05d}"


_TRAILING_DIGITS = re.compile(r"(\d+)\s*$")


RECEIPT_PARAM = "receipt"  # /entry?receipt=<short number>: the QR's link opens the receipt


def receipt_link(number: str, app_url: str = "") -> str:
    """What the receipt's QR code holds: with the app's address (CAMP_APP_URL), a link to
    /entry with the number, which a phone's camera or WeChat opens in the browser; else
    the number alone, which a handheld scanner types into /entry's field."""
    base = app_url.strip().rstrip("/")
    if not base:
        return number
    return f"{base}/entry?{urlencode({RECEIPT_PARAM: number})}"


def parse_short_number(text: str | None, code: str) -> int | None:
    """The sequence of a typed or scanned short number of camp `code`: the full number
    (any case, spaces and full-width digits allowed), the sequence alone, or the QR's
    link to /entry (`receipt_link`); None when it is not a number of this camp."""
    raw = (text or "").strip()
    if f"{RECEIPT_PARAM}=" in raw:
        raw = parse_qs(urlsplit(raw).query).get(RECEIPT_PARAM, [""])[0]
    clean = "".join(_half(ch) for ch in raw).strip().replace(" ", "")
    if not clean:
        return None
    m = _TRAILING_DIGITS.search(clean)
    if m is None:
        return None
    prefix = clean[: m.start()].rstrip("-_").lower()
    if prefix and prefix != code.lower():
        return None
    seq = int(m.group(1))
    return seq if seq > 0 else None


def receipt_in_photo(photo: bytes, code: str) -> str | None:
    """The short number of a camp `code` receipt whose QR code is in `photo` (a laptop
    camera's picture, or a photo or scan of the receipt), or None when no QR code of this
    camp's receipts can be read in it. The photo passes the evidence limits first (size,
    pixels, format: core.evidence.prepare), so a hostile file costs no more than an
    attachment; InputRejected when it is refused there."""
    from core.evidence import prepare

    prepared = prepare(photo, "photo.jpg")
    if not prepared.is_image:
        return None
    import zxingcpp
    from PIL import Image

    with Image.open(io.BytesIO(prepared.data)) as img:
        found = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
    for barcode in found:
        seq = parse_short_number(barcode.text, code)
        if seq is not None:
            return short_number(code, seq)
    return None


def _half(ch: str) -> str:
    code = ord(ch)
    return chr(code - 0xFEE0) if 0xFF01 <= code <= 0xFF5E else ch


# ----------------------------------------------------------------------------- choosing


def borrower_notice_due(clocks: Clocks) -> bool:
    """A borrower's limitation that is expired or urgent (SPEC §4.4): the urgent batch."""
    return clocks.limitation.status in (LimitationStatus.EXPIRED, LimitationStatus.URGENT)


def guarantor_notice_due(clocks: Clocks, within_days: int) -> bool:
    """A joint-liability guarantee still open (no demand yet) whose period ends within
    `within_days` days: a demand now fixes it (art. 694). A general guarantee needs a
    suit, not a notice; a lapsed period releases the guarantor."""
    g = clocks.guarantee
    return g is not None and g.open and g.type == JOINT and 0 <= g.days <= within_days


def guarantor_notice_possible(clocks: Clocks) -> bool:
    g = clocks.guarantee
    return g is not None and g.open and g.type == JOINT


@dataclass(frozen=True)
class Figures:
    """What a notice states about its loan, at the print date."""

    loan_no: str
    borrower: str
    principal_fen: int
    interest_fen: int
    maturity_date: date
    guarantor: str = ""
    guarantee_text: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "loan_no": self.loan_no,
            "borrower": self.borrower,
            "principal_fen": self.principal_fen,
            "interest_fen": self.interest_fen,
            "maturity_date": self.maturity_date.isoformat(),
            "guarantor": self.guarantor,
            "guarantee_text": self.guarantee_text,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> Figures:
        return cls(
            loan_no=str(d["loan_no"]),
            borrower=str(d["borrower"]),
            principal_fen=int(d["principal_fen"]),  # type: ignore[call-overload]
            interest_fen=int(d["interest_fen"]),  # type: ignore[call-overload]
            maturity_date=date.fromisoformat(str(d["maturity_date"])),
            guarantor=str(d.get("guarantor") or ""),
            guarantee_text=str(d.get("guarantee_text") or ""),
        )


def values_for(figures: Figures, *, bank: str, on: date, number: str) -> dict[str, str]:
    """The placeholders' values of one notice."""
    contract = figures.guarantee_text or f"借据号{figures.loan_no}项下的保证合同"
    return {
        "借款人": figures.borrower,
        "借据号": figures.loan_no,
        "本金": format_yuan(figures.principal_fen),
        "利息": format_yuan(figures.interest_fen),
        "合计": format_yuan(figures.principal_fen + figures.interest_fen),
        "到期日": f"{figures.maturity_date:%Y年%m月%d日}",
        "保证人": figures.guarantor,
        "保证合同": contract,
        "银行": bank,
        "日期": f"{on:%Y年%m月%d日}",
        "编号": number,
    }


@dataclass(frozen=True)
class NoticeDoc:
    """One notice as printed: its number, title, filled-in text and addressee."""

    number: str
    kind: str
    title: str
    body: str
    addressee: str
    bank: str
    printed_on: date
    loan_no: str


def notice_doc(
    template: Template, figures: Figures, *, number: str, bank: str, on: date
) -> NoticeDoc:
    values = values_for(figures, bank=bank, on=on, number=number)
    addressee = figures.guarantor if template.kind == GUARANTOR_NOTICE else figures.borrower
    return NoticeDoc(
        number=number,
        kind=template.kind,
        title=fill(template.title, values),
        body=fill(template.body, values),
        addressee=addressee,
        bank=bank,
        printed_on=on,
        loan_no=figures.loan_no,
    )


# ----------------------------------------------------------------------------- receipts


def receipt_contact(kind: str, signed_by: str) -> str:
    """The contact result a receipt of this kind signed by `signed_by` is recorded with;
    ValueError when that signer cannot sign this kind's receipt."""
    if signed_by not in SIGNERS_OF.get(kind, ()):
        raise ValueError(f"a {kind} notice's receipt cannot be signed by {signed_by}")
    return SIGNERS[signed_by]


def not_back(printed_at: datetime, returned_at: datetime | None, now: datetime, days: int) -> bool:
    """A notice printed more than `days` days ago whose receipt has not come back."""
    return returned_at is None and (now - printed_at).days >= days


# ----------------------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryRow:
    """One event of a loan's clock history, and what it did (for the lawyers' bundle)."""

    on: date
    contact: str
    paid_fen: int
    ack: bool
    ref: str
    effects: tuple[Effect, ...]
    limitation_start: date  # the borrower's limitation start after the event


@dataclass(frozen=True)
class ClockHistory:
    rows: tuple[HistoryRow, ...]
    clocks: Clocks
    list_start: date
    list_reason: str
    extra: dict = field(default_factory=dict)


def clock_history(terms: LoanTerms, events: Iterable[ClockEvent], at: date) -> ClockHistory:
    """The loan's events in replay order, each with what core.clocks made of it."""
    replay = ClockReplay(terms)
    start, reason = replay.start, replay.reason
    rows = []
    for e in sorted((e for e in events if e.on <= at), key=lambda e: e.on):
        before = len(replay.effects)
        replay.apply(e)
        effects = tuple(x[2] for x in replay.effects[before:])
        rows.append(
            HistoryRow(e.on, e.contact, e.paid_fen, e.ack, str(e.ref or ""), effects, replay.start)
        )
    return ClockHistory(tuple(rows), replay.clocks(at), start, reason)
