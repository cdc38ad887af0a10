"""Real files for upload tests, built in memory."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (32, 32)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def image_upload(
    fmt: str = "PNG",
    name: str = "photo.png",
    content_type: str | None = None,
    size: tuple[int, int] = (32, 32),
) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, image_bytes(fmt, size), content_type=content_type or CONTENT_TYPES[fmt]
    )


def oversized_png(min_bytes: int) -> SimpleUploadedFile:
    """A valid PNG padded past `min_bytes` with a private chunk (noise compresses badly too)."""
    data = image_bytes("PNG")

    padding = b"\0" * min_bytes
    chunk = struct.pack(">I", len(padding)) + b"pdNg" + padding
    chunk += struct.pack(">I", zlib.crc32(b"pdNg" + padding) & 0xFFFFFFFF)
    data = data[:-12] + chunk + data[-12:]  # before IEND
    return SimpleUploadedFile("big.png", data, content_type="image/png")


def text_upload(name: str = "virus.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"<?php echo 'not a picture'; ?>\n" * 10, content_type=content_type
    )


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()
