"""Technopark: the platform children's technoparks and resource centres run their work on."""

from .celery import app as celery_app

__all__ = ["celery_app"]
