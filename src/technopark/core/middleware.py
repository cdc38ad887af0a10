import uuid

from .context import RequestContext, current


def client_ip(request) -> str | None:
    # Behind nginx the real address is the first X-Forwarded-For hop (deploy/nginx.conf sets it).
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Give every request an id (echoed in X-Request-ID) for logs and the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.META.get("HTTP_X_REQUEST_ID", "")[:64] or uuid.uuid4().hex[:16]
        request.request_id = request_id  # for log records written after this middleware returns
        token = current.set(
            RequestContext(
                request_id=request_id,
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            )
        )
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response["X-Request-ID"] = request_id
        return response


class AuditActorMiddleware:
    """After authentication: remember who acts, so model changes are attributed to them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ctx = current.get()
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        token = current.set(RequestContext(ctx.request_id, user_id, ctx.ip, ctx.user_agent))
        try:
            return self.get_response(request)
        finally:
            current.reset(token)


class RejectNullBytesMiddleware:
    """A NUL byte in a query string or form field is never legitimate input, and PostgreSQL
    refuses it in text: answer 400 with a plain message before any view touches the value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_null_byte(request.GET) or (
            request.method == "POST"
            and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
            and _has_null_byte(request.POST)
        ):
            from django.shortcuts import render

            return render(request, "400.html", status=400)
        return self.get_response(request)


def _has_null_byte(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())
