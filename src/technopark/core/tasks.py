"""Background work shared by every app. Tasks take plain ids and values, never model objects:
the worker re-reads what it needs, so a task queued before a change sees the change."""

import os
import socket

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection

from technopark.celery import app


@app.task(
    name="technopark.core.tasks.send_email",
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def send_email_task(to: list[str] | str, subject: str, body: str) -> int:
    """Send one plain-text e-mail; a mail server that is down is retried with back-off."""
    recipients = [to] if isinstance(to, str) else list(to)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@app.task(name="technopark.core.tasks.ping")
def ping(echo: str = "", user_id: int | None = None) -> dict:
    """Prove a worker is alive and reaches the database: answers from the worker's process."""
    from technopark.accounts.models import User

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        database_ok = cursor.fetchone()[0] == 1
    email = None
    if user_id is not None:
        email = User.objects.filter(pk=user_id).values_list("email", flat=True).first()
    return {
        "echo": echo,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "database": connection.vendor,
        "database_ok": database_ok,
        "user_email": email,
    }
