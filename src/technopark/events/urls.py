"""Event URLs, collected from the view modules of each area (public, manage, check-in …)."""

app_name = "events"
urlpatterns: list = []

from .views import initiatives  # noqa: E402

urlpatterns += initiatives.urlpatterns
