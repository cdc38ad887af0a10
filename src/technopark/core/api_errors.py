"""JSON errors for the API, in the user's language: one shape for every 4xx/5xx answer.

Every error body has `detail` (a sentence for a person); validation errors add `errors`,
a map of field name to messages, the same shape as Django's `ValidationError.message_dict`.
"""

from __future__ import annotations

import logging

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from .context import current

logger = logging.getLogger("technopark.api")

CHECK_REQUEST = gettext_lazy("Проверьте данные запроса.")


class InvalidToken(AuthenticationError):
    """A bearer token was sent but matches no live token of an active user."""

    def __init__(self) -> None:
        super().__init__(message="invalid token")


class Forbidden(HttpError):
    """The caller is known but the operation's rule does not allow them."""

    def __init__(self, rule) -> None:
        self.rule = rule
        super().__init__(403, str(rule.who))


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "csrf")


# --- messages ----------------------------------------------------------------------------------


def unauthorized_message(request) -> str:
    header = request.headers.get("Authorization", "").strip()
    if not header:
        return _(
            "Нужна авторизация: передайте заголовок «Authorization: Bearer <токен>» "
            "или войдите на сайт."
        )
    if header.split(" ", 1)[0].lower() != "bearer":
        return _("Нужна авторизация: заголовок Authorization должен иметь вид «Bearer <токен>».")
    return _("Нужна авторизация: токен не подошёл — он неверен, отозван или его владелец отключён.")


def forbidden_message(who) -> str:
    return _("Недостаточно прав. Кто может: %(who)s.") % {"who": who}


def csrf_message() -> str:
    return _(
        "Запрос отклонён: не передан или устарел CSRF-токен. При входе через сайт "
        "отправляйте заголовок X-CSRFToken; для программ используйте API-токен."
    )


def who_may_line(who) -> str:
    """The sentence added to every operation's description in the API docs."""
    return _("Кто может: %(who)s.") % {"who": who}


def method_not_allowed_message(allowed: str) -> str:
    return _("Этот метод здесь не поддерживается. Можно: %(allowed)s.") % {"allowed": allowed}


def unknown_path_message(docs_url: str) -> str:
    return _("Такого адреса в API нет. Список операций: %(url)s") % {"url": docs_url}


def _pydantic_message(error: dict) -> str:
    """A human sentence for one pydantic error; pydantic's own text is English jargon."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("Обязательное поле.")
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("Поле не может быть пустым.")
        return _("Слишком коротко: нужно не меньше %(n)s симв.") % {"n": ctx.get("min_length")}
    if kind == "string_too_long":
        return _("Слишком длинно: допускается не больше %(n)s симв.") % {"n": ctx.get("max_length")}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Значение должно быть не меньше %(n)s.") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Значение должно быть не больше %(n)s.") % {"n": ctx.get("le", ctx.get("lt"))}
    if kind in {"enum", "literal_error"}:
        return _("Выберите одно из значений: %(values)s.") % {
            # pydantic lists them as "'a', 'b' or 'c'"
            "values": str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        }
    if kind == "value_error":
        message = str(ctx.get("error") or error.get("msg", ""))
        if "email" in message.lower():
            return _("Введите правильный адрес электронной почты.")
        # Our own validators raise ValueError with a Russian sentence: pass it through.
        return message.removeprefix("Value error, ")
    simple = {
        "string_type": _("Нужна строка."),
        "int_type": _("Нужно целое число."),
        "int_parsing": _("Нужно целое число."),
        "int_from_float": _("Нужно целое число."),
        "float_type": _("Нужно число."),
        "float_parsing": _("Нужно число."),
        "decimal_parsing": _("Нужно число."),
        "bool_type": _("Нужно значение true или false."),
        "bool_parsing": _("Нужно значение true или false."),
        "date_type": _("Нужна дата в формате ГГГГ-ММ-ДД."),
        "date_parsing": _("Нужна дата в формате ГГГГ-ММ-ДД."),
        "date_from_datetime_parsing": _("Нужна дата в формате ГГГГ-ММ-ДД."),
        "datetime_type": _("Нужны дата и время в формате ГГГГ-ММ-ДДTЧЧ:ММ."),
        "datetime_parsing": _("Нужны дата и время в формате ГГГГ-ММ-ДДTЧЧ:ММ."),
        "url_type": _("Введите правильный адрес сайта."),
        "url_parsing": _("Введите правильный адрес сайта."),
        "url_scheme": _("Введите правильный адрес сайта."),
        "uuid_type": _("Нужен идентификатор UUID."),
        "uuid_parsing": _("Нужен идентификатор UUID."),
        "list_type": _("Нужен список."),
        "dict_type": _("Нужен объект JSON с полями."),
        "model_type": _("Нужен объект JSON с полями."),
        "model_attributes_type": _("Нужен объект JSON с полями."),
        "extra_forbidden": _("Такого поля нет."),
        "json_invalid": _("Неверный JSON."),
    }
    return str(simple.get(kind, _("Неверное значение.")))


def _field_name(loc: tuple | list) -> str:
    # ninja prefixes the source ("body", "query", "path") and, for a body, the argument name.
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] in {"query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def field_errors(errors: list[dict]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if loc[:1] == ("body",) and len(loc) <= 2 and error.get("type") == "missing":
            message = _("Передайте данные в теле запроса в формате JSON.")
        else:
            message = _pydantic_message(error)
        result.setdefault(_field_name(loc), []).append(message)
    return result


# --- handlers ------------------------------------------------------------------------------------


def install(api) -> None:
    """Register every handler on `api`; the most specific exception class wins."""

    def respond(request, status: int, detail, **extra):
        return api.create_response(request, {"detail": str(detail), **extra}, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = respond(request, 401, unauthorized_message(request))
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(Forbidden)
    def forbidden(request, exc):
        return respond(request, 403, forbidden_message(exc.rule.who), permission=exc.rule.name)

    @api.exception_handler(CsrfFailed)
    def csrf_failed(request, exc):
        return respond(request, 403, csrf_message())

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return respond(request, 403, str(exc) or _("Недостаточно прав для этого действия."))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, _("Не найдено: такого объекта нет."))

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request, exc):
        return respond(request, 404, _("Не найдено: такого объекта нет."))

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request, exc):
        return respond(request, 422, CHECK_REQUEST, errors=field_errors(exc.errors))

    @api.exception_handler(DjangoValidationError)
    def invalid_by_rules(request, exc):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        )
        return respond(request, 422, CHECK_REQUEST, errors=errors)

    @api.exception_handler(IntegrityError)
    def conflict(request, exc):
        logger.warning("api conflict: %s", exc)
        return respond(
            request,
            409,
            _(
                "Конфликт с уже сохранёнными данными: такая запись уже "
                "есть или на неё ссылаются другие записи."
            ),
        )

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return respond(request, 429, _("Слишком много запросов. Повторите немного позже."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):
            return respond(
                request,
                400,
                _(
                    "Не удалось прочитать тело запроса: ожидается "
                    "JSON (Content-Type: application/json)."
                ),
            )
        return respond(request, exc.status_code, exc.message)

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("api error on %s %s", request.method, request.path)
        request_id = current.get().request_id
        return respond(
            request,
            500,
            _("Внутренняя ошибка сервера. Сообщите администратору номер запроса %(id)s.")
            % {"id": request_id},
            request_id=request_id,
        )
