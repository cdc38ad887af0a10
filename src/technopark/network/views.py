from django.core.paginator import Paginator
from django.shortcuts import render

from technopark.core.permissions import declare, rules

from .models import Organisation


@declare(rules.authenticated)
def organisation_list(request):
    organisations = Organisation.objects.select_related("municipality__region")
    page = Paginator(organisations, 30).get_page(request.GET.get("page"))
    return render(request, "network/organisation_list.html", {"page": page})
