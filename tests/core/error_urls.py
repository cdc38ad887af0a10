"""A test-only URLconf whose views fail in each way the error pages must handle."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import include, path

from technopark.core.permissions import declare, rules


@declare(rules.public)
def broken(request):
    raise RuntimeError("a bug")


@declare(rules.public)
def suspicious(request):
    raise SuspiciousOperation("tampered")


@declare(rules.public)
def forbidden(request):
    raise PermissionDenied("Только для членов жюри этого конкурса.")


@declare(rules.public)
def missing(request):
    raise Http404("no such thing")


urlpatterns = [
    path("t/500/", broken),
    path("t/400/", suspicious),
    path("t/403/", forbidden),
    path("t/404/", missing),
    path("", include("technopark.urls")),
]
