"""URLs of reports, collected from its view modules."""

from .views import urlpatterns

app_name = "reports"
__all__ = ["app_name", "urlpatterns"]
