import logging

from .context import current


class RequestContextFilter(logging.Filter):
    """Stamp every log record with the request id and user id of the request being served."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = current.get()
        record.request_id = getattr(record, "request_id", ctx.request_id)
        record.user_id = getattr(record, "user_id", ctx.user_id)
        return True
