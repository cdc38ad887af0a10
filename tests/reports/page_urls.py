"""The root URLconf with the report pages mounted, for the page tests while reports/urls.py
does not list them yet (once it does, this is the root URLconf unchanged)."""

from django.urls import include, path

from technopark import urls as root
from technopark.reports import urls as app
from technopark.reports.views import urlpatterns as pages

_known = {getattr(p, "name", None) for p in app.urlpatterns}
_patterns = [*app.urlpatterns, *(p for p in pages if p.name not in _known)]

urlpatterns = [p for p in root.urlpatterns if str(p.pattern) != "reports/"] + [
    path("reports/", include((_patterns, "reports"))),
]
