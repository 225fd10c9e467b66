"""A receipt held up to a laptop's camera (issue 17 point 2): the QR code printed on the
notice (core.notice_pdf.qr_drawing), photographed a little turned, blurred and saved as
a camera's JPEG, gives back its short number (core.notices.receipt_in_photo)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFilter
from reportlab.graphics.shapes import Group, Rect

from core.errors import InputRejected
from core.notice_pdf import qr_drawing
from core.notices import receipt_in_photo, receipt_link

CODE = "qh-sample"


def _dark_modules(node: Group):  # noqa: ANN202
    for shape in node.contents:
        if isinstance(shape, Group):
            yield from _dark_modules(shape)
        elif isinstance(shape, Rect) and shape.fillColor and shape.fillColor.red < 0.5:
            yield shape


def receipt_photo(payload: str, turn: float = 7, blur: float = 2, scale: int = 6) -> bytes:
    """A camera's JPEG of the receipt's QR code as the notice PDF draws it: the modules of
    reportlab's drawing painted on paper, turned `turn` degrees, blurred, 640 px wide."""
    widget = qr_drawing(payload).contents[0]
    x0, y0, x1, y1 = widget.getBounds()
    side = int((x1 - x0) * scale)
    paper = Image.new("L", (side + 240, side + 240), 250)
    pen = ImageDraw.Draw(paper)
    for m in _dark_modules(widget.draw()):
        left, top = 120 + (m.x - x0) * scale, 120 + side - (m.y - y0 + m.height) * scale
        pen.rectangle([left, top, left + m.width * scale - 1, top + m.height * scale - 1], 20)
    shot = paper.rotate(turn, expand=True, fillcolor=200).filter(ImageFilter.GaussianBlur(blur))
    shot = shot.convert("RGB").resize((640, 640))
    out = io.BytesIO()
    shot.save(out, "JPEG", quality=70)
    return out.getvalue()


@pytest.mark.parametrize("app_url", ["", "https://camp.bank.example"])
def test_a_photo_of_the_receipts_qr_code_gives_its_number_with_or_without_the_link(
    app_url: str,
) -> None:
    photo = receipt_photo(receipt_link("qh-sample-00012", app_url))
    assert receipt_in_photo(photo, CODE) == "qh-sample-00012"


def test_a_receipt_of_another_camp_or_a_photo_with_no_qr_code_gives_no_number() -> None:
    assert receipt_in_photo(receipt_photo("other-camp-00012"), CODE) is None
    blank = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 190, 180)).save(blank, "JPEG")
    assert receipt_in_photo(blank.getvalue(), CODE) is None


def test_a_file_that_is_not_a_picture_is_refused_with_a_reason_not_a_traceback() -> None:
    with pytest.raises(InputRejected) as refused:
        receipt_in_photo(b"<html>not a photo</html>", CODE)
    assert refused.value.problems[0].code.startswith("evidence.")
