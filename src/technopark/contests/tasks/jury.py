"""Celery tasks of the jury: reminders and diploma batches (owned by the jury helper)."""
