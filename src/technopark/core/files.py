"""Uploads are judged by their content, never by their name.

Every upload is size-limited, identified from its bytes (Pillow for images, puremagic for
documents), refused when its name or declared type says something else, and stored under a
random name so nothing the sender chose ends up in a path or a URL.
"""

from __future__ import annotations

import uuid
import warnings
import zipfile
from pathlib import PurePath

import puremagic
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# Pillow format name → (extension we store, MIME types a browser may declare, extensions a
# person may have given the file).
IMAGE_FORMATS = {
    "JPEG": ("jpg", {"image/jpeg", "image/pjpeg"}, {"jpg", "jpeg", "jpe", "jfif"}),
    "PNG": ("png", {"image/png", "image/x-png"}, {"png"}),
    "WEBP": ("webp", {"image/webp"}, {"webp"}),
}
# Declared types that say nothing (a browser that does not know the extension).
VAGUE_CONTENT_TYPES = {"", "application/octet-stream", "binary/octet-stream"}
# Office Open XML files are zip archives; the part inside tells a document from a spreadsheet.
OOXML_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
# Plain-text formats have no magic number: accepted when the bytes are text.
TEXT_FORMATS = {"txt", "csv"}
EXTENSION_ALIASES = {"jpeg": "jpg", "jpe": "jpg", "jfif": "jpg", "tif": "tiff"}
# A small image that decompresses into a gigantic bitmap would eat the server's memory.
MAX_IMAGE_PIXELS = 40_000_000


def storage_name(folder: str, extension: str) -> str:
    """A random path under `folder`; the extension comes from the checked content."""
    extension = "".join(ch for ch in extension.lower() if ch.isalnum())[:5] or "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def megabytes(size: int) -> str:
    """Bytes as megabytes for people: 2097152 → "2", 3565158 → "3,4" (in Russian)."""
    value = size / (1024 * 1024)
    return number_format(round(value, 1), decimal_pos=0 if value == int(value) else 1)


def _name_extension(upload) -> str:
    suffix = PurePath(getattr(upload, "name", "") or "").suffix.lower().lstrip(".")
    return EXTENSION_ALIASES.get(suffix, suffix)


def _check_size(upload, max_bytes: int) -> None:
    size = upload.size
    if not size:
        raise ValidationError(_("Файл пустой. Выберите другой файл."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("Файл слишком большой (%(size)s МБ). Можно загрузить файл не больше %(limit)s МБ.")
            % {"size": megabytes(size), "limit": megabytes(max_bytes)},
            code="too_large",
        )


def _read_head(upload, length: int = 64 * 1024) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def validate_image(upload, *, max_bytes: int) -> str:
    """Accept a real JPEG, PNG or WebP no larger than `max_bytes`; return its extension."""
    from PIL import Image, UnidentifiedImageError

    _check_size(upload, max_bytes)
    not_an_image = ValidationError(
        _(
            "Это не изображение или файл повреждён. Загрузите фотографию в формате JPEG, PNG "
            "или WebP."
        ),
        code="not_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                kind = image.format
                width, height = image.size
                image.verify()  # walks the whole file: catches truncated or forged data
    except (
        UnidentifiedImageError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise not_an_image from error
    finally:
        upload.seek(0)
    if kind not in IMAGE_FORMATS:
        raise ValidationError(
            _("Формат %(format)s не подходит. Загрузите фотографию в формате JPEG, PNG или WebP.")
            % {"format": kind},
            code="format",
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "Изображение слишком большое по размеру в пикселях. Уменьшите "
                "его и загрузите снова."
            ),
            code="too_many_pixels",
        )
    extension, content_types, names = IMAGE_FORMATS[kind]
    name_ext = _name_extension(upload)
    declared = (getattr(upload, "content_type", "") or "").lower()
    if (name_ext and name_ext not in {EXTENSION_ALIASES.get(n, n) for n in names}) or (
        declared not in VAGUE_CONTENT_TYPES and declared not in content_types
    ):
        # Harmless for a real picture, but a name that lies is how disguised files get in;
        # one consistent rule is easier to explain than a list of exceptions.
        raise ValidationError(
            _(
                "Файл назван как «.%(name_ext)s», но на самом деле это %(format)s. Сохраните его "
                "с расширением «.%(ext)s» и загрузите снова."
            )
            % {"name_ext": name_ext or "?", "format": kind, "ext": extension},
            code="extension_mismatch",
        )
    return extension


def _detect(upload, allowed: set[str]) -> set[str]:
    """Extensions the content may have, narrowed to `allowed`."""
    head = _read_head(upload)
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        matches = []
    found = {
        EXTENSION_ALIASES.get(m.extension.lstrip(".").lower(), m.extension.lstrip(".").lower())
        for m in matches
    }
    found &= allowed
    if found & set(OOXML_MARKERS):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            names = set()
        finally:
            upload.seek(0)
        found = {ext for ext in found if ext not in OOXML_MARKERS or OOXML_MARKERS[ext] in names}
    if not found and allowed & TEXT_FORMATS and b"\0" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # A multi-byte character cut at the 64 KB boundary is still text; cp1251 covers
            # files saved by older Russian Windows software.
            try:
                head[:-3].decode("utf-8")
            except UnicodeDecodeError:
                head.decode("cp1251", errors="strict")
        found = allowed & TEXT_FORMATS
    return found


def validate_upload(upload, *, allowed: set[str], max_bytes: int) -> str:
    """Accept a file whose content is one of the `allowed` extensions; return that extension."""
    allowed = {EXTENSION_ALIASES.get(e.lower().lstrip("."), e.lower().lstrip(".")) for e in allowed}
    _check_size(upload, max_bytes)
    listed = ", ".join(sorted(allowed))
    try:
        found = _detect(upload, allowed)
    except UnicodeDecodeError:
        found = set()
    if not found:
        raise ValidationError(
            _("Этот тип файла не подходит. Можно загрузить: %(allowed)s.") % {"allowed": listed},
            code="type",
        )
    name_ext = _name_extension(upload)
    if name_ext in found:
        return name_ext
    if name_ext:
        raise ValidationError(
            _(
                "Файл назван как «.%(name_ext)s», но по содержимому это «.%(ext)s». Проверьте, "
                "тот ли файл вы выбрали."
            )
            % {"name_ext": name_ext, "ext": sorted(found)[0]},
            code="extension_mismatch",
        )
    return sorted(found)[0]
