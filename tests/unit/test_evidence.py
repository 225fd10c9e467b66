"""Evidence files (issue 17, point 3): what is accepted, what is stripped, who sees it,
and when a signed receipt without its paper is flagged."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from core import evidence as ev
from core.errors import InputRejected

GPS_IFD = 0x8825
MAKE, ORIENTATION = 0x010F, 0x0112


def jpeg_with_gps(size: tuple[int, int] = (640, 480), orientation: int | None = None) -> bytes:
    """A phone photo as it leaves the camera: EXIF with the maker and the GPS position."""
    img = Image.new("RGB", size, (200, 30, 30))
    img.paste((20, 20, 200), (0, 0, size[0] // 2, size[1] // 4))  # a blue corner: top left
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    if orientation:
        exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 9.0, 0.0)})
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def png(size: tuple[int, int], mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def bomb_png(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels but whose data is tiny: what a
    decompression bomb looks like before it is decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def reason(exc: pytest.ExceptionInfo[InputRejected]) -> str:
    return exc.value.problems[0].code or ""


def test_a_phone_photo_is_stored_without_its_exif_or_gps_position() -> None:
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's premise
    kept = ev.prepare(original, "receipt.jpg")
    stored = Image.open(io.BytesIO(kept.data))
    assert kept.mime == "image/jpeg" and stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert not stored.getexif().get_ifd(GPS_IFD)
    assert "exif" not in stored.info and "icc_profile" not in stored.info
    assert b"Exif" not in kept.data and b"PhoneMaker" not in kept.data
    assert (kept.width, kept.height) == stored.size == (640, 480)


def test_a_photo_taken_sideways_is_stored_upright_before_its_orientation_tag_is_dropped() -> None:
    kept = ev.prepare(jpeg_with_gps((400, 200), orientation=6), "sideways.jpg")  # 90° clockwise
    stored = Image.open(io.BytesIO(kept.data))
    assert stored.size == (200, 400)
    assert ORIENTATION not in stored.getexif()


def test_a_large_photo_is_scaled_down_to_the_longest_edge_and_fingerprinted() -> None:
    kept = ev.prepare(jpeg_with_gps((4000, 3000)), "big.jpg")
    assert max(kept.width or 0, kept.height or 0) == ev.MAX_EDGE
    assert kept.size < kept.original_size
    import hashlib

    assert kept.sha256 == hashlib.sha256(kept.data).hexdigest()


def test_a_transparent_png_becomes_a_flat_jpeg() -> None:
    kept = ev.prepare(png((50, 40), "RGBA"), "scan.png")
    assert kept.mime == "image/jpeg"
    assert Image.open(io.BytesIO(kept.data)).mode == "RGB"


def test_a_pdf_scan_is_kept_byte_for_byte() -> None:
    pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
    kept = ev.prepare(pdf, "scan.pdf")
    assert (kept.mime, kept.data) == ("application/pdf", pdf)


def test_a_file_over_ten_megabytes_is_refused_with_its_size_in_chinese() -> None:
    data = b"%PDF-1.4\n" + b"0" * ev.MAX_BYTES
    with pytest.raises(InputRejected) as exc:
        ev.prepare(data, "huge.pdf")
    assert reason(exc) == "evidence.too_big"
    text = exc.value.problems[0].reason_in("zh")
    assert "huge.pdf" in text and "10 MB" in text and "10.0 MB" in text


def test_exactly_ten_megabytes_is_still_accepted() -> None:
    data = b"%PDF-1.4\n" + b"0" * (ev.MAX_BYTES - 9)
    assert ev.prepare(data, "edge.pdf").size == ev.MAX_BYTES


@pytest.mark.parametrize(
    "data,name",
    [
        (b"PK\x03\x04 a workbook or a zip", "list.xlsx"),
        (b"<html><script>alert(1)</script></html>", "photo.jpg"),  # the name lies
        (b"GIF87a", "broken.gif"),
        (b"MZ\x90\x00 an exe", "receipt.pdf"),
    ],
)
def test_anything_but_an_image_or_a_pdf_is_refused_whatever_its_name(
    data: bytes, name: str
) -> None:
    with pytest.raises(InputRejected) as exc:
        ev.prepare(data, name)
    assert reason(exc) in ("evidence.type", "evidence.broken")
    assert name in exc.value.problems[0].reason_in("zh")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(InputRejected) as exc:
        ev.prepare(b"", "nothing.jpg")
    assert reason(exc) == "evidence.empty"


def test_a_decompression_bomb_is_refused_before_it_is_decoded() -> None:
    data = bomb_png(30_000, 30_000)  # 900 megapixels in a few hundred bytes
    assert len(data) < 2_000
    with pytest.raises(InputRejected) as exc:
        ev.prepare(data, "bomb.png")
    assert reason(exc) == "evidence.bomb"
    assert "bomb.png" in exc.value.problems[0].reason_in("zh")


def test_an_image_over_the_pixel_limit_is_refused_with_its_size() -> None:
    with pytest.raises(InputRejected) as exc:
        ev.prepare(bomb_png(8_400, 8_400), "huge.png")  # 70.6 megapixels, not decoded
    assert reason(exc) == "evidence.too_many_pixels"
    assert "8400 × 8400" in exc.value.problems[0].reason_in("zh")


def test_a_truncated_photo_is_refused_as_damaged() -> None:
    data = jpeg_with_gps()[:600]
    with pytest.raises(InputRejected) as exc:
        ev.prepare(data, "cut.jpg")
    assert reason(exc) == "evidence.broken"


NOW = datetime(2026, 12, 18, 10, 0, tzinfo=UTC)


def test_a_receipt_without_evidence_is_flagged_at_24_hours_sharp_not_a_second_before() -> None:
    assert not ev.needs_evidence(NOW - timedelta(hours=24) + timedelta(seconds=1), 0, NOW)
    assert ev.needs_evidence(NOW - timedelta(hours=24), 0, NOW)
    assert ev.needs_evidence(NOW - timedelta(days=3), 0, NOW)


def test_a_receipt_with_a_photo_attached_is_never_flagged() -> None:
    assert not ev.needs_evidence(NOW - timedelta(days=3), 1, NOW)


@pytest.mark.parametrize(
    "role,name,owners,sees",
    [
        ("admin", "营长", set(), True),
        ("trainer", "林教练", set(), True),
        ("manager", "孙经理", {"孙经理"}, True),
        ("manager", "钱经理", {"孙经理"}, False),
        ("manager", "", {""}, False),
        ("screen", "大屏", {"大屏"}, False),
        (None, None, set(), False),
    ],
)
def test_only_admin_trainers_and_the_loans_own_manager_see_its_evidence(
    role: str | None, name: str | None, owners: set[str], sees: bool
) -> None:
    assert ev.may_see(role, name, owners) is sees


def test_clock_refs_name_a_visit_or_a_follow_up() -> None:
    assert ev.parse_ref(ev.ref("visit", 12)) == ("visit", 12)
    assert ev.parse_ref("followup:3") == ("followup", 3)
    assert ev.parse_ref("import:3") is None and ev.parse_ref(7) is None


def test_a_damaged_image_of_any_kind_is_stored_or_refused_never_an_error() -> None:
    import random

    seeds = [jpeg_with_gps((60, 40)), png((50, 40), "RGBA")]
    for fmt in ("WEBP", "BMP", "GIF"):
        out = io.BytesIO()
        Image.new("RGB", (30, 20)).save(out, fmt)
        seeds.append(out.getvalue())
    rnd = random.Random(17)
    for _ in range(300):
        data = bytearray(rnd.choice(seeds))
        for _ in range(rnd.randint(1, 12)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        if rnd.random() < 0.3:
            data = data[: rnd.randrange(1, len(data))]
        try:
            kept = ev.prepare(bytes(data), "damaged")
        except InputRejected:
            continue
        assert kept.mime == "image/jpeg" and b"Exif" not in kept.data
