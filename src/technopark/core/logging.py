"""Log records carry the request id and user id of the request being served."""

import logging

from django.utils.functional import empty

from .context import current


class RequestContextFilter(logging.Filter):
    """Stamp every log record with the request id and user id of the request being served.

    Django logs a failed response ("Not Found: /x") after the middleware has returned, when
    the request context is gone; such records carry the request, so read the ids from it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = current.get()
        request_id, user_id = ctx.request_id, ctx.user_id
        request = getattr(record, "request", None)
        if request_id == "-" and request is not None:
            request_id = getattr(request, "request_id", request_id)
            # Only a user already loaded: a log filter must not query the database.
            user = getattr(request.__dict__.get("user"), "_wrapped", request.__dict__.get("user"))
            if user is not None and user is not empty and getattr(user, "is_authenticated", False):
                user_id = user.pk
        record.request_id = getattr(record, "request_id", request_id)
        record.user_id = getattr(record, "user_id", user_id)
        return True
