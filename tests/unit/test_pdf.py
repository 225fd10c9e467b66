"""The visit-plan PDF (core.pdf): A4, Chinese in an embedded TrueType font, masked when asked."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pypdf
import pytest

from core import research as rs
from core.pdf import FALLBACK_FONT, FONT, PlanDocument, visit_plan_pdf, visit_plans_pdf

DAY = date(2026, 12, 16)


def loan(no: str, borrower: str, **kw: object) -> dict:
    base = {"loan_no": no, "borrower": borrower, "segment": "涉农", "township": "城关镇",
            "village": "红旗村", "team_id": 1, "principal_fen": 5_250_000, "interest_fen": 12_345,
            "maturity_date": date(2023, 3, 22), "phone": "13812345678",
            "address": "红旗村三组12号", "guarantors": ["王五"]}  # fmt: skip
    return {**base, **kw}


LOANS = [
    loan("8201000323319874", "吴长江", customer_type="有意愿无能力", ethnicity="回族"),
    loan(
        "8201000723966385",
        "张志强",
        township="石桥乡",
        promise_date=DAY,
        promise_amount_fen=300_000,
        promise_method="转账",
    ),
    loan("8201001523129538", "欧<阳>&", township="石桥乡", guarantors=[]),
]


def document(**kw: object) -> PlanDocument:
    views = tuple(rs.analyse(LOANS, DAY))
    base = dict(camp_name="青禾农商银行清收训练营", team="尖刀队", day=5, day_date=DAY,
                loans=views, members=("林晓", "许诺"),
                customs=(("回族", "尊重清真饮食习惯"),),
                strategies={"有意愿无能力": "制定分期还款计划"},
                conduct=("不威胁、恐吓、辱骂客户",))  # fmt: skip
    return PlanDocument(**{**base, **kw})


def pdf_text(data: bytes) -> str:
    """The text of a PDF (pypdf maps the embedded subset font's glyphs back to Unicode)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_fonts(data: bytes) -> dict[str, bool]:
    """Every font the PDF's pages use: its name → whether the file embeds it (what
    `pdffonts` calls emb: a FontFile in its descriptor, or its descendant's)."""
    fonts: dict[str, bool] = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            described = font
            if "/DescendantFonts" in font:
                described = font["/DescendantFonts"][0].get_object()
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


@pytest.fixture
def unmasked() -> bytes:
    return visit_plan_pdf(document(), masked=False, generated_at=datetime(2026, 12, 15, 19, 0))


def test_the_plan_is_an_a4_pdf_with_its_chinese_font_embedded(unmasked: bytes) -> None:
    # a print shop or Acrobat shows the glyphs drawn, never a substitute (issue 14)
    assert unmasked.startswith(b"%PDF-") and FONT != FALLBACK_FONT
    fonts = pdf_fonts(unmasked)
    assert fonts and all(fonts.values()), fonts
    assert all("WenQuanYi" in name for name in fonts), fonts
    width, height = (float(x) for x in re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]",
                                                 unmasked).groups())  # fmt: skip
    assert (round(width), round(height)) == (842, 595)  # A4 landscape


def test_the_pdf_text_holds_the_chinese_names_unmasked(unmasked: bytes) -> None:
    text = pdf_text(unmasked)
    for expected in ("走访计划", "尖刀队", "吴长江", "张志强", "欧<阳>&", "城关镇", "石桥乡",
                     "王五", "林晓", "13812345678", "8201000323319874", "52,500.00",
                     "红旗村三组12号", "尊重清真饮食习惯", "制定分期还款计划", "今日到期",
                     "不威胁、恐吓、辱骂客户", "注意保密"):  # fmt: skip
        assert expected in text, expected


def test_a_masked_plan_hides_names_phones_loan_numbers_and_addresses() -> None:
    text = pdf_text(visit_plan_pdf(document(), masked=True))
    assert "吴**" in text and "张**" in text and "王*" in text
    assert "138****5678" in text and "************9874" in text
    for hidden in ("吴长江", "张志强", "13812345678", "8201000323319874", "红旗村三组12号",
                   "王五"):  # fmt: skip
        assert hidden not in text, hidden
    assert "林晓" in text  # staff names are never masked
    assert "已脱敏" in text


def test_loans_are_grouped_by_township_and_numbered_in_visiting_order(unmasked: bytes) -> None:
    text = pdf_text(unmasked)
    assert text.index("城关镇") < text.index("吴长江") < text.index("石桥乡") < text.index("张志强")


def test_several_teams_go_in_one_pdf_and_an_empty_plan_says_so() -> None:
    data = visit_plans_pdf([document(), document(team="突击队", loans=())], masked=False)
    text = pdf_text(data)
    assert "尖刀队" in text and "突击队" in text and "本日没有安排走访" in text


def test_the_plan_prints_in_english_on_the_switch() -> None:
    text = pdf_text(visit_plan_pdf(document(), masked=False, lang="en"))
    assert "Visit plan" in text and "吴长江" in text
