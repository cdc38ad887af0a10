"""Who is acting, from where: set per request by middleware, read by the audit log and logs."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = "-"
    user_id: int | None = None
    ip: str | None = None
    user_agent: str = ""


# RequestContext is frozen, so sharing one default instance is safe.
current: ContextVar[RequestContext] = ContextVar(
    "technopark_request",
    default=RequestContext(),  # noqa: B039
)


def set_actor(user_id: int | None) -> None:
    """Attribute what follows in this request to `user_id` (API token authentication)."""
    ctx = current.get()
    current.set(RequestContext(ctx.request_id, user_id, ctx.ip, ctx.user_agent))
