"""Uploads are judged by content: the name and the declared type are only allowed to agree."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from technopark.core.files import megabytes, storage_name, validate_image, validate_upload
from tests.accounts.uploads import (
    docx_bytes,
    image_upload,
    oversized_png,
    text_upload,
    zip_bytes,
)

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("fmt", "name", "expected"),
    [
        ("PNG", "me.png", "png"),
        ("JPEG", "me.JPEG", "jpg"),
        ("JPEG", "me.jpg", "jpg"),
        ("WEBP", "me.webp", "webp"),
        ("PNG", "no-extension", "png"),
    ],
)
def test_real_photos_are_accepted_and_named_by_their_content(fmt, name, expected):
    assert validate_image(image_upload(fmt, name), max_bytes=2 * MB) == expected


def test_text_file_renamed_to_png_is_not_an_image():
    with pytest.raises(ValidationError) as error:
        validate_image(text_upload("virus.png"), max_bytes=2 * MB)
    assert error.value.messages == [
        "Это не изображение или файл повреждён. Загрузите фотографию в формате JPEG, PNG или WebP."
    ]


def test_truncated_image_is_refused():
    upload = image_upload("PNG", "cut.png")
    upload = SimpleUploadedFile("cut.png", upload.read()[:60], content_type="image/png")
    with pytest.raises(ValidationError):
        validate_image(upload, max_bytes=2 * MB)


def test_png_named_jpg_is_refused_with_a_way_out():
    with pytest.raises(ValidationError) as error:
        validate_image(
            image_upload("PNG", "photo.jpg", content_type="image/jpeg"), max_bytes=2 * MB
        )
    assert error.value.code == "extension_mismatch"
    assert "«.png»" in error.value.messages[0]


def test_declared_content_type_that_lies_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_image(
            image_upload("PNG", "photo.png", content_type="image/jpeg"), max_bytes=2 * MB
        )
    assert error.value.code == "extension_mismatch"


def test_gif_is_a_real_image_but_not_an_allowed_format():
    with pytest.raises(ValidationError) as error:
        validate_image(image_upload("GIF", "anim.gif"), max_bytes=2 * MB)
    assert error.value.code == "format"


def test_oversized_image_names_the_limit_in_megabytes():
    with pytest.raises(ValidationError) as error:
        validate_image(oversized_png(2 * MB + 1), max_bytes=2 * MB)
    assert error.value.code == "too_large"
    assert "не больше 2 МБ" in error.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_image(SimpleUploadedFile("e.png", b"", content_type="image/png"), max_bytes=MB)
    assert error.value.code == "empty"


def test_megabytes_read_naturally_in_russian():
    assert megabytes(2 * MB) == "2"
    assert megabytes(int(3.4 * MB)) == "3,4"


def test_storage_names_are_random_and_keep_only_a_clean_extension():
    first, second = storage_name("avatars", "png"), storage_name("avatars", "png")
    assert first != second
    assert first.startswith("avatars/") and first.endswith(".png")
    assert storage_name("docs", "../../etc").endswith(".etc")


def test_pdf_and_docx_are_recognised_by_content():
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")
    docx = SimpleUploadedFile("plan.docx", docx_bytes())
    assert validate_upload(pdf, allowed={"pdf", "docx"}, max_bytes=MB) == "pdf"
    assert validate_upload(docx, allowed={"pdf", "docx"}, max_bytes=MB) == "docx"


def test_plain_zip_renamed_docx_is_refused():
    upload = SimpleUploadedFile("plan.docx", zip_bytes())
    with pytest.raises(ValidationError) as error:
        validate_upload(upload, allowed={"pdf", "docx"}, max_bytes=MB)
    assert error.value.code == "type"
    assert "docx, pdf" in error.value.messages[0]


def test_document_with_a_lying_extension_is_refused():
    upload = SimpleUploadedFile("plan.docx", b"%PDF-1.4\n1 0 obj\n")
    with pytest.raises(ValidationError) as error:
        validate_upload(upload, allowed={"pdf", "docx"}, max_bytes=MB)
    assert error.value.code == "extension_mismatch"


def test_program_renamed_pdf_is_refused():
    upload = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 200)
    with pytest.raises(ValidationError):
        validate_upload(upload, allowed={"pdf"}, max_bytes=MB)


def test_csv_in_utf8_or_cp1251_is_text():
    utf8 = SimpleUploadedFile("list.csv", "ФИО;класс\nИванов;7Б\n".encode())
    cp1251 = SimpleUploadedFile("list.csv", "ФИО;класс\nИванов;7Б\n".encode("cp1251"))
    assert validate_upload(utf8, allowed={"csv"}, max_bytes=MB) == "csv"
    assert validate_upload(cp1251, allowed={"csv"}, max_bytes=MB) == "csv"


def test_oversized_document_names_the_limit():
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n" + b"0" * (5 * MB))
    with pytest.raises(ValidationError) as error:
        validate_upload(upload, allowed={"pdf"}, max_bytes=5 * MB)
    assert "не больше 5 МБ" in error.value.messages[0]
