"""Collection notices as plain rules and PDFs (issue 17): numbers, templates, who may
sign which receipt, the batch PDF (A4, fonts embedded, one notice per receipt number)
and the clock history of the lawyers' bundle."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf
import pytest

from core.clocks import BORROWER, GUARANTOR, RELATIVE, ClockEvent, Effect, LoanTerms
from core.notice_pdf import notices_pdf, qr_drawing
from core.notices import (
    DEFAULT_BODIES,
    Figures,
    clock_history,
    default_template,
    fill,
    notice_doc,
    parse_short_number,
    receipt_contact,
    short_number,
    unknown_placeholders,
)
from tests.unit.test_pdf import pdf_fonts, pdf_text

FIGURES = Figures("6200000000001234", "欧阳<明>&", 5_000_000, 12_345, date(2023, 10, 1), "王五")


def docs(n: int) -> list:
    kinds = ["borrower", "guarantor"]
    return [
        notice_doc(
            default_template(kinds[i % 2]),
            FIGURES,
            number=short_number("qh-sample", i + 1),
            bank="青禾农村商业银行",
            on=date(2026, 12, 16),
        )  # fmt: skip
        for i in range(n)
    ]


def test_a_short_number_is_the_camp_code_and_a_sequence_typed_any_way() -> None:
    assert short_number("qh-sample", 12) == "qh-sample-00012"
    for typed in (
        "qh-sample-00012",
        " QH-SAMPLE-00012 ",
        "12",
        "00012",
        "ｑｈ-ｓａｍｐｌｅ-０００１２",
    ):
        assert parse_short_number(typed, "qh-sample") == 12, typed
    for other in ("demo-00012", "", "abc", "qh-sample-0", None):
        assert parse_short_number(other, "qh-sample") is None, other


def test_the_receipts_qr_links_to_entry_when_the_apps_address_is_set_and_reads_back() -> None:
    from core.notices import receipt_link

    assert receipt_link("qh-sample-00012") == "qh-sample-00012"  # a handheld scanner types it
    link = receipt_link("qh-sample-00012", "https://camp.bank.local/")
    assert link == "https://camp.bank.local/entry?receipt=qh-sample-00012"
    assert parse_short_number(link, "qh-sample") == 12  # the link typed by a scanner
    assert parse_short_number(receipt_link("demo-00012", "https://x"), "qh-sample") is None


def test_the_default_wording_uses_only_known_placeholders_and_fills_in_the_figures() -> None:
    assert all(not unknown_placeholders(body) for body in DEFAULT_BODIES.values())
    assert unknown_placeholders("{借款人}{欠款}{欠款}{日期}") == ["欠款"]
    assert (
        fill("{借款人}欠{合计}元{未知}", {"借款人": "张三", "合计": "1.00"}) == "张三欠1.00元{未知}"
    )
    borrower, guarantor = docs(2)
    assert borrower.addressee == "欧阳<明>&" and guarantor.addressee == "王五"
    assert "50,123.45" in borrower.body and "2023年10月01日" in borrower.body
    assert "王五" in guarantor.body and "欧阳<明>&" in guarantor.body


def test_who_signed_decides_the_contact_and_a_wrong_signer_is_refused() -> None:
    assert receipt_contact("borrower", "本人") == BORROWER
    assert receipt_contact("borrower", "家属") == RELATIVE
    assert receipt_contact("guarantor", "保证人") == GUARANTOR
    for kind, signer in (("borrower", "保证人"), ("guarantor", "本人"), ("guarantor", "家属")):
        with pytest.raises(ValueError):
            receipt_contact(kind, signer)


@pytest.mark.parametrize(("per_page", "pages"), [(1, 5), (2, 3)])
def test_a_batch_is_one_a4_pdf_with_every_notice_and_its_fonts_embedded(
    per_page: int, pages: int
) -> None:
    pdf = notices_pdf(docs(5), per_page=per_page)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    fonts = pdf_fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    text = pdf_text(pdf).replace("\n", "")
    assert len(re.findall(r"编号：qh-sample-\d{5}", text)) == 5
    assert text.count("回 执") + text.count("回　执") == 5
    assert "欧阳<明>&" in text  # escaped for the PDF, printed as written


def test_the_receipt_qr_code_encodes_its_short_number() -> None:
    drawing = qr_drawing("qh-sample-00012")
    assert drawing.contents[0].value == "qh-sample-00012"


def test_the_clock_history_says_what_each_receipt_did() -> None:
    terms = LoanTerms(date(2023, 12, 15), has_guarantors=True, guarantee_until=None)
    events = [
        ClockEvent(date(2026, 12, 17), RELATIVE, ack=True, ref="visit:1"),
        ClockEvent(date(2026, 12, 18), BORROWER, ack=True, ref="visit:2"),
        ClockEvent(date(2026, 12, 19), GUARANTOR, ack=True, ref="visit:3"),
    ]
    h = clock_history(terms, events, date(2026, 12, 20))
    assert [(r.ref, r.effects) for r in h.rows] == [
        ("visit:1", (Effect.RELATIVE_AFTER_EXPIRY,)),
        ("visit:2", (Effect.WAIVER,)),
        ("visit:3", (Effect.GUARANTOR_RELEASED,)),  # six months after maturity: long over
    ]
    assert h.list_start == date(2023, 12, 15) and h.clocks.limitation.expiry == date(2029, 12, 18)
