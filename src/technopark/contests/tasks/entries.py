"""Celery tasks about works and stages (owned by the entries helper)."""
