from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from django.views.static import serve

from technopark.api import api
from technopark.core.permissions import declare, rules

admin.site.site_header = admin.site.site_title = "Технопарк"

urlpatterns = [
    path("", include("technopark.core.urls")),
    path("accounts/", include("technopark.accounts.urls")),
    path("network/", include("technopark.network.urls")),
    path("events/", include("technopark.events.urls")),
    path("contests/", include("technopark.contests.urls")),
    path("reports/", include("technopark.reports.urls")),
    path("i18n/setlang/", declare(rules.public)(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

if not settings.DATABASE_URL:
    # Embedded profile only: uploaded files are served by Django. In production nginx
    # serves /media/ (see deploy/nginx.conf).
    urlpatterns.append(
        path(
            "media/<path:path>",
            declare(rules.authenticated)(serve),
            {"document_root": settings.MEDIA_ROOT},
            name="media",
        )
    )
