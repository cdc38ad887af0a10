"""URLs for the records tests: the site's, with the records page under /reports/ even before
reports/urls.py includes it (then this is the same as the site's own)."""

from django.urls import include, path

from technopark import urls as site
from technopark.reports import urls as reports_urls
from technopark.reports.views import records

patterns = list(reports_urls.urlpatterns)
if not any(getattr(p, "name", None) == "records" for p in patterns):
    patterns += records.urlpatterns

urlpatterns = [path("reports/", include((patterns, "reports")))] + [
    p for p in site.urlpatterns if str(p.pattern) != "reports/"
]
