"""The HTTP API at /api/v1/: one NinjaAPI, a router per app, bearer tokens, JSON errors."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Технопарк API",
    version="1",
    description="API платформы «Технопарк». Авторизация: заголовок `Authorization: Bearer <токен>`.",
    urls_namespace="api",
)
