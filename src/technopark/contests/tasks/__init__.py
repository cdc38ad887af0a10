"""Celery tasks of contests; Celery's autodiscovery imports this package.

entries.py — e-mails about works and stages; jury.py — reminders to judges and diploma batches.
"""

from .entries import *  # noqa: F403
from .jury import *  # noqa: F403
