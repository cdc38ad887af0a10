"""Celery application; configured from Django settings (CELERY_* names).

Run a worker with `celery -A technopark worker` and the scheduler with `celery -A technopark
beat` (see deploy/). In the embedded profile tasks run in-process and no worker is needed.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "technopark.settings")

app = Celery("technopark")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
