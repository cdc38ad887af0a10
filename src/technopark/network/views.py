from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from technopark.core.permissions import check, declare, rules

from . import selectors, services
from .forms import OrganisationFilterForm, OrganisationForm
from .models import Organisation
from .rules import manage_organisation


@declare(rules.authenticated)
@vary_on_headers("HX-Request")
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = selectors.filter_organisations(
        selectors.organisations_visible_to(request.user), **form.filters()
    ).order_by("name", "pk")
    page = Paginator(organisations, 30).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "can_create": rules.staff.allows(request.user)}
    if request.htmx and not request.htmx.history_restore_request:
        # The filters ask only for the results fragment (and the narrowed municipality list).
        return render(request, "network/_organisation_results.html", context)
    return render(request, "network/organisation_list.html", context)


@declare(rules.authenticated)
def organisation_detail(request, pk: int):
    organisation = get_object_or_404(selectors.organisations_visible_to(request.user), pk=pk)
    counts = selectors.role_counts(organisation)
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "ancestors": selectors.ancestors(organisation),
            "sub_organisations": selectors.sub_organisations(organisation, request.user),
            "role_counts": counts,
            "can_edit": manage_organisation.allows(request.user, organisation),
            "can_create": rules.staff.allows(request.user),
        },
    )


@declare(rules.staff)
def organisation_create(request):
    parents = selectors.organisations_managed_by(request.user).order_by("name")
    form = OrganisationForm(
        request.POST or None,
        parents=parents,
        initial={"parent": request.GET.get("parent"), "is_active": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Организация «%(name)s» добавлена.") % {"name": organisation}
            )
            return redirect("network:organisation_detail", pk=organisation.pk)
    return render(request, "network/organisation_form.html", {"form": form, "organisation": None})


@declare(rules.staff)
def organisation_edit(request, pk: int):
    organisation = get_object_or_404(
        Organisation.objects.select_related("municipality__region", "parent"), pk=pk
    )
    check(manage_organisation, request, organisation)
    # The current parent stays selectable even when it is above the methodist's own scope.
    parents = (
        selectors.organisations_managed_by(request.user)
        | Organisation.objects.filter(pk=organisation.parent_id)
    ).order_by("name")
    form = OrganisationForm(
        request.POST or None, parents=parents, initial=OrganisationForm.initial_from(organisation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.update_organisation(organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("network:organisation_detail", pk=organisation.pk)
    return render(
        request, "network/organisation_form.html", {"form": form, "organisation": organisation}
    )


@declare(rules.public)
def municipality_list(request):
    return render(
        request,
        "network/municipality_list.html",
        {"regions": selectors.regions_with_municipalities()},
    )
