"""Award certificates (core.certificate): landscape A4, one page each, Chinese in the CID
font, with the camp, the bank, the award, the winner and the date."""

from __future__ import annotations

import re
from datetime import date

import pytest

from core.certificate import Certificate, certificates_pdf
from tests.unit.test_pdf import pdf_fonts, pdf_text

MEMBER = Certificate(
    camp_name="青禾农商银行2026年冬季不良贷款清收训练营",
    bank="青禾农村商业银行",
    award="清收标兵",
    winner="林晓",
    team="尖刀队",
    subject="member",
    on=date(2026, 12, 20),
    description="个人累计积分最高的队员",
)
TEAM = Certificate(
    camp_name=MEMBER.camp_name,
    bank=MEMBER.bank,
    award="冠军团队",
    winner="突击队",
    team=None,
    subject="team",
    on=date(2026, 12, 20),
)


def pages(data: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_certificate_is_a_landscape_a4_page_with_every_font_embedded() -> None:
    data = certificates_pdf([MEMBER])
    fonts = pdf_fonts(data)  # issue 14: no font a print shop would substitute
    assert data.startswith(b"%PDF-") and fonts and all(fonts.values()), fonts
    width, height = (float(x) for x in re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]",
                                                 data).groups())  # fmt: skip
    assert (round(width), round(height)) == (842, 595)
    assert pages(data) == 1


def test_a_members_certificate_names_the_camp_the_bank_the_award_the_team_and_the_date() -> None:
    text = pdf_text(certificates_pdf([MEMBER]))
    for expected in ("荣 誉 证 书", "林晓 同志（尖刀队）", MEMBER.camp_name, "清收标兵",
                     "青禾农村商业银行", "2026年12月20日", "特发此证",
                     "个人累计积分最高的队员"):  # fmt: skip
        assert expected in text, expected


def test_a_teams_certificate_names_the_team_alone() -> None:
    text = pdf_text(certificates_pdf([TEAM]))
    assert "突击队：" in text and "冠军团队" in text and "同志" not in text


def test_all_certificates_go_in_one_file_one_page_each() -> None:
    data = certificates_pdf([MEMBER, TEAM])
    assert pages(data) == 2
    text = pdf_text(data)
    assert text.index("林晓") < text.index("突击队")


def test_a_certificate_in_english_and_a_long_award_name_still_fits() -> None:
    long = Certificate(**{**MEMBER.__dict__, "award": "最佳" * 30 + "奖", "bank": ""})
    text = pdf_text(certificates_pdf([long, TEAM], lang="en"))
    assert "Certificate of Honour" in text and "2026-12-20" in text and "林晓 (尖刀队)" in text


def test_there_is_no_empty_certificate_file() -> None:
    with pytest.raises(ValueError):
        certificates_pdf([])
