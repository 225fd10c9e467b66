"""Evidence: a photo or scan of a signed receipt or a payment slip (issue 17, point 3).

Plain rules, no store: what file is accepted (`prepare`), who may see a loan's
evidence (`may_see`), which signed receipts still lack their paper (`needs_evidence`)
and which clock events restarted a clock (`RESTART_EFFECTS`).

A file is accepted by what it is, never by its name: a JPEG, PNG, WebP, BMP, TIFF or
GIF image, or a PDF. An image is decoded and written again as a JPEG without any of
its metadata (EXIF, GPS, camera, ICC, comments), turned upright first as the camera's
orientation tag says, and scaled down to MAX_EDGE pixels on its longer side — legible
for a signature, a few hundred KB instead of a phone's 5 MB. An image of more than
MAX_PIXELS pixels is refused before it is decoded (a decompression bomb: a small file
that would take gigabytes once unpacked). A PDF is kept as it is, size-limited.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clocks import Effect
from core.errors import InputRejected
from core.records import Problem

MAX_BYTES = 10 * 1024 * 1024  # what a phone photo or a scanned page needs, with room
MAX_EDGE = 2000  # pixels on the longer side once stored
MAX_PIXELS = 60_000_000  # above any phone camera (a 50 MP phone is 8160 × 6120 = 50 M)
JPEG_QUALITY = 85
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "BMP", "TIFF", "GIF")
JPEG = "image/jpeg"
PDF = "application/pdf"
#: A signed receipt with no photo or scan this long after it was recorded is flagged.
FLAG_AFTER = timedelta(hours=24)
#: Who sees evidence: it shows signatures, names and ID numbers (SPEC §4.10). A manager
#: sees the evidence of the loans they own only; the screen account never.
SEE_ALL = ("admin", "trainer")
SEE_OWN = ("manager",)
#: Clock events that restarted (or fixed) a clock: the ones whose paper a court asks for.
RESTART_EFFECTS = frozenset(
    {Effect.RESTART, Effect.WAIVER, Effect.GUARANTOR_DEMAND, Effect.GUARANTOR_RESTART}
)
KINDS = ("visit", "followup")


@dataclass(frozen=True)
class Prepared:
    """A file made ready to store: the bytes kept, what they are, their fingerprint."""

    data: bytes
    mime: str
    sha256: str
    width: int | None = None
    height: int | None = None
    original_size: int = 0

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


def _refuse(code: str, **params: object) -> InputRejected:
    return InputRejected([Problem.coded(None, "file", code, **params)])


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"


def prepare(data: bytes, filename: str = "") -> Prepared:
    """The file as it will be stored; InputRejected (with a coded reason) when refused.

    Refused: an empty file, more than MAX_BYTES, anything that is neither an image of
    IMAGE_FORMATS nor a PDF, an image of more than MAX_PIXELS pixels, an image that
    does not decode.
    """
    name = filename or "—"
    if not data:
        raise _refuse("evidence.empty", name=name)
    if len(data) > MAX_BYTES:
        raise _refuse("evidence.too_big", name=name, mb=_megabytes(len(data)),
                      limit=MAX_BYTES // (1024 * 1024))  # fmt: skip
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return Prepared(data, PDF, hashlib.sha256(data).hexdigest(), original_size=len(data))
    return _image(data, name)


def _image(data: bytes, name: str) -> Prepared:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # a damaged file's notes on stderr
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
            width, height = img.size  # from the header: nothing decoded yet
            if width * height > MAX_PIXELS:
                raise _refuse("evidence.too_many_pixels", name=name, width=width,
                              height=height, limit=MAX_PIXELS // 1_000_000)  # fmt: skip
            if img.format == "JPEG":  # decode at a reduced scale where the JPEG allows
                img.draft("RGB", (MAX_EDGE, MAX_EDGE))
            img.load()
            img = ImageOps.exif_transpose(img)  # upright, as the camera held it
            img = _flat_rgb(img)
    except InputRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse("evidence.bomb", name=name, limit=MAX_PIXELS // 1_000_000) from None
    except UnidentifiedImageError:
        raise _refuse("evidence.type", name=name) from None
    except Exception:  # truncated or corrupt (OSError, SyntaxError, …): never a traceback
        raise _refuse("evidence.broken", name=name) from None
    img.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    img.info = {}  # nothing of the original's metadata travels with the pixels
    out = io.BytesIO()
    img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    stored = out.getvalue()
    return Prepared(stored, JPEG, hashlib.sha256(stored).hexdigest(), img.width, img.height,
                    original_size=len(data))  # fmt: skip


def _flat_rgb(img):  # noqa: ANN001, ANN202
    """The image as plain RGB pixels: transparency laid on white, palettes expanded."""
    from PIL import Image

    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return img.convert("RGB")


def may_see(role: str | None, user_name: str | None, owners: set[str] | frozenset[str]) -> bool:
    """Whether a user sees a loan's evidence: admin and trainer always; a manager only
    when they own the loan (its 客户经理 or a post-loan task's owner); nobody else."""
    if role in SEE_ALL:
        return True
    return role in SEE_OWN and bool(user_name) and user_name in owners


def needs_evidence(recorded_at: datetime, attachments: int, now: datetime) -> bool:
    """A signed receipt (签收回执 = 是) recorded at `recorded_at` is flagged once
    FLAG_AFTER has passed without a photo or scan attached (at 24 h sharp: flagged)."""
    return attachments == 0 and now - recorded_at >= FLAG_AFTER


def ref(kind: str, record_id: int) -> str:
    """The name of a visit or follow-up in clock effects: "visit:12", "followup:3"."""
    if kind not in KINDS:
        raise ValueError(f"unknown evidence record kind {kind!r}")
    return f"{kind}:{record_id}"


def parse_ref(value: object) -> tuple[str, int] | None:
    """("visit", 12) for "visit:12"; None for anything else."""
    if not isinstance(value, str) or ":" not in value:
        return None
    kind, _, number = value.partition(":")
    if kind not in KINDS or not number.isdigit():
        return None
    return kind, int(number)
