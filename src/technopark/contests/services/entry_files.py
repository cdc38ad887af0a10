"""Files of a work: checked by their content (technopark.core.files) within the contest's size
limit, stored under a random name, and removed again when the transaction that stored them
fails. The services in entries.py decide when a file may be added."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from technopark.core.files import storage_name, validate_image, validate_upload

from ..models import Contest, Entry, EntryFile

# Documents, presentations and images; video is sent as a link (Entry.video_url).
ENTRY_FILE_TYPES = {"pdf", "doc", "docx", "odt", "ppt", "pptx", "odp", "xlsx", "jpg", "png", "webp"}
IMAGE_TYPES = {"jpg", "png", "webp"}
MAX_FILES_PER_ENTRY = 10


def check_entry_file(contest: Contest, upload) -> str:
    """Accept a document, presentation or image by its content within the contest's size
    limit; return the real extension."""
    max_bytes = contest.max_file_mb * 1024 * 1024
    extension = validate_upload(upload, allowed=ENTRY_FILE_TYPES, max_bytes=max_bytes)
    if extension in IMAGE_TYPES:
        extension = validate_image(upload, max_bytes=max_bytes)  # decodes it: no bombs, no fakes
    return extension


def _store(entry: Entry, upload, extension: str, saved: list[str]) -> EntryFile:
    upload.seek(0)
    name = default_storage.save(storage_name("contests/entries", extension), upload)
    saved.append(name)
    original = (getattr(upload, "name", "") or f"file.{extension}").rsplit("/", 1)[-1][:255]
    entry_file = EntryFile(
        entry=entry,
        original_name=original,
        size=upload.size,
        content_type=(getattr(upload, "content_type", "") or "")[:100],
    )
    entry_file.file.name = name
    entry_file.save()
    return entry_file


def _forget_files_on_rollback(saved: list[str]) -> None:
    for name in saved:
        default_storage.delete(name)


def _checked_files(contest: Contest, files) -> list[tuple[object, str]]:
    files = list(files or ())
    if len(files) > MAX_FILES_PER_ENTRY:
        raise ValidationError(
            {
                "files": _("К работе можно приложить не больше %(n)s файлов.")
                % {"n": MAX_FILES_PER_ENTRY}
            }
        )
    checked, errors = [], []
    for upload in files:
        try:
            checked.append((upload, check_entry_file(contest, upload)))
        except ValidationError as error:
            name = getattr(upload, "name", "") or "?"
            errors.extend(f"{name}: {message}" for message in error.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked
