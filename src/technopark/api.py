"""The HTTP API at /api/v1/: one NinjaAPI, a router per app, bearer tokens, JSON errors.

Every operation says who may call it with `allow(rule)`; the default (an operation that forgot)
admits only signed-in users, and `tests/api/test_schema.py` fails on an operation without a rule.
"""

from functools import partial, wraps

from django.http import HttpResponseNotAllowed
from ninja import NinjaAPI, Router
from ninja.renderers import JSONRenderer

from technopark.core import api_errors
from technopark.core.api_auth import DEFAULT_AUTH, allow
from technopark.core.permissions import rules

__all__ = ["api", "allow"]

DESCRIPTION = """API платформы «Технопарк».

**Авторизация.** Программы передают личный токен в заголовке `Authorization: Bearer tp_…`
(токен выдаёт администратор командой `technopark apitoken <e-mail>`). В браузере после входа
на сайт работает сессия; изменяющие запросы тогда требуют заголовок `X-CSRFToken`.

**Права.** У каждой операции указано, кому она доступна (поле `x-permission`).

**Ошибки** приходят в JSON: `{"detail": "…"}`; ошибки в данных — с полем `errors`
(`{"поле": ["сообщение", …]}`), код 422.
"""


class ReadableJSONRenderer(JSONRenderer):
    """Cyrillic as itself, not \\u escapes: people read these answers in a terminal too."""

    json_dumps_params = {"ensure_ascii": False}


class TechnoparkAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                who = operation.pop("x-permission-who", None)
                if who is None:
                    continue
                operation["x-permission-who"] = str(who)
                line = api_errors.who_may_line(who)
                described = operation.get("description", "").strip()
                operation["description"] = f"{described}\n\n{line}" if described else line
        return schema

    def _get_urls(self):
        return [_json_not_allowed(pattern) for pattern in super()._get_urls()]


def _json_not_allowed(pattern):
    """ninja answers a wrong method with an empty text 405; answer in JSON like every error."""
    view = pattern.callback
    if isinstance(view, partial):  # the schema and docs pages, not operations
        return pattern

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            detail = api_errors.method_not_allowed_message(allowed)
            response = api.create_response(request, {"detail": detail}, status=405)
            response["Allow"] = allowed
        return response

    pattern.callback = wrapper
    return pattern


api = TechnoparkAPI(
    title="Технопарк API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=DEFAULT_AUTH,
    renderer=ReadableJSONRenderer(),
)
api_errors.install(api)


def _register_routers() -> None:
    from technopark.accounts.api import router as accounts_router
    from technopark.network.api import router as network_router

    api.add_router("", accounts_router)
    api.add_router("", network_router)
    api.add_router("", "technopark.events.api.router")
    api.add_router("", "technopark.contests.api.router")
    api.add_router("", "technopark.reports.api.router")

    # Last of all: any other path under /api/v1/ is a JSON 404, not the site's HTML page.
    unknown = Router()

    @unknown.api_operation(
        ["GET", "POST", "PUT", "PATCH", "DELETE"],
        "/{path:rest}",
        include_in_schema=False,
        **allow(rules.public),
    )
    def unknown_path(request, rest: str):
        detail = api_errors.unknown_path_message(request.build_absolute_uri("/api/v1/docs"))
        return api.create_response(request, {"detail": detail}, status=404)

    api.add_router("", unknown)


_register_routers()
