"""After the event: the recording link and the materials (presentations, files, links)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from technopark.core.audit import record
from technopark.core.files import storage_name, validate_upload

from ..models import Event, Material

MAX_MATERIAL_BYTES = 25 * 1024 * 1024
MATERIAL_TYPES = {"pdf", "pptx", "docx", "xlsx", "odt", "odp", "jpg", "png", "zip", "txt"}


def _url(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise ValidationError(
            {field: [_("Ссылка должна начинаться с https:// или http://.")]}
        ) from error
    if len(value) > 500:
        raise ValidationError({field: [_("Слишком длинная ссылка.")]})
    return value


def set_recording(event: Event, *, url: str, by=None) -> Event:
    """Publish (or remove, with an empty value) the link to the event's recording."""
    event.recording_url = _url(url, "recording_url")
    with transaction.atomic():
        event.save(update_fields=["recording_url", "updated_at"])
    return event


def add_material(
    event: Event, *, title: str, upload=None, url: str = "", published: bool = True, by=None
) -> Material:
    """A file (checked by content) or a link; exactly one of the two."""
    title = " ".join((title or "").split())
    errors = {}
    if not title:
        errors["title"] = [_("Назовите материал, например: «Презентация доклада».")]
    elif len(title) > 300:
        errors["title"] = [_("Слишком длинно: не больше 300 символов.")]
    try:
        url = _url(url, "url")
    except ValidationError as error:
        errors.update(error.message_dict)
    if upload is None and not url and "url" not in errors:
        errors["file"] = [_("Загрузите файл или укажите ссылку.")]
    elif upload is not None and url:
        errors["url"] = [_("Либо файл, либо ссылка — не оба сразу.")]
    extension = None
    if upload is not None and not errors:
        try:
            extension = validate_upload(
                upload, allowed=MATERIAL_TYPES, max_bytes=MAX_MATERIAL_BYTES
            )
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        position = (event.materials.aggregate(m=Max("position"))["m"] or 0) + 1
        material = Material(
            event=event, title=title, url=url, published=published, position=position
        )
        if upload is not None:
            upload.seek(0)
            name = default_storage.save(storage_name("events/materials", extension), upload)
            material.file.name = name
        material.save()
        record("add_material", target=event, detail=title)
    return material


def set_material_published(material: Material, *, published: bool, by=None) -> Material:
    material.published = published
    with transaction.atomic():
        material.save(update_fields=["published"])
    return material


def remove_material(material: Material, *, by=None) -> None:
    with transaction.atomic():
        record("remove_material", target=material.event, detail=material.title)
        name = material.file.name if material.file else ""
        material.delete()
        if name:
            transaction.on_commit(lambda: default_storage.delete(name))
