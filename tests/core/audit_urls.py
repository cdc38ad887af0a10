"""A test-only URLconf: plain views that change tracked models, behind the real middleware."""

from django.http import HttpResponse
from django.urls import include, path

from technopark.core.audit import record_personal_data_access
from technopark.core.models import AuditEntry
from technopark.core.permissions import declare, rules
from technopark.network.models import Organisation


@declare(rules.authenticated)
def rename(request, pk):
    organisation = Organisation.objects.get(pk=pk)
    organisation.name = request.POST["name"]
    organisation.save()
    return HttpResponse("ok")


@declare(rules.authenticated)
def remove(request, pk):
    Organisation.objects.get(pk=pk).delete()
    return HttpResponse("ok")


@declare(rules.authenticated)
def change_password(request):
    request.user.set_password(request.POST["password"])
    request.user.save()
    return HttpResponse("ok")


@declare(rules.staff)
def pupils_list(request):
    record_personal_data_access(AuditEntry.Action.VIEW, what="Список обучающихся", count=3)
    return HttpResponse("ok")


urlpatterns = [
    path("t/rename/<int:pk>/", rename),
    path("t/remove/<int:pk>/", remove),
    path("t/password/", change_password),
    path("t/pupils/", pupils_list),
    path("", include("technopark.urls")),
]
