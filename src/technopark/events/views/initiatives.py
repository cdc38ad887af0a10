"""Initiatives pages: the list, an initiative with its plan vs actual, and the forms methodists
use to keep the initiative and its plan of events."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from technopark.core.permissions import check, declare, rules
from technopark.network.selectors import organisations_managed_by

from ..models import EventKind, Initiative, PlanItem
from ..services.initiatives import (
    can_manage_initiative,
    can_see_initiative,
    create_initiative,
    delete_plan_item,
    initiative_progress,
    initiatives_visible_to,
    linkable_events,
    manage_initiative,
    save_plan_item,
    update_initiative,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InitiativeForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Организация, которая ведёт проект")
    )

    class Meta:
        model = Initiative
        fields = [
            "organisation",
            "title",
            "status_title",
            "topic",
            "goal",
            "slug",
            "starts_on",
            "ends_on",
            "status",
            "conclusion",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "goal": forms.Textarea(attrs={"rows": 3}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"slug": gettext_lazy("Латиницей, для адреса страницы: например osp-2023.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]  # the initiative stays with its organisation
        else:
            self.fields["organisation"].queryset = organisations_managed_by(user).order_by("name")
        self.fields["topic"].required = False

    def validate_unique(self):
        pass  # the service checks the slug and says so in Russian

    def _post_clean(self):
        pass  # the service validates; the form only parses


class PlanItemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Что запланировано"), max_length=300)
    kind = forms.ModelChoiceField(
        queryset=EventKind.objects.all(), required=False, label=gettext_lazy("Вид")
    )
    planned_for = forms.DateField(
        label=gettext_lazy("Месяц по плану"),
        input_formats=["%Y-%m", "%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    event = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Проведённое мероприятие"),
        help_text=gettext_lazy("Выберите мероприятие, которым выполнен этот пункт плана."),
    )

    def __init__(self, *args, initiative: Initiative, item: PlanItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = linkable_events(initiative, keep=item)
        self.fields["event"].label_from_instance = lambda e: (
            f"{e.starts_at:%d.%m.%Y} — {e.title} ({e.get_status_display()})"
        )


def _attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _initiative_for(request, slug: str, *, manage: bool = False) -> Initiative:
    initiative = get_object_or_404(Initiative.objects.select_related("organisation"), slug=slug)
    if manage:
        check(manage_initiative, request, initiative)
    elif not can_see_initiative(request.user, initiative):
        raise Http404
    return initiative


@declare(rules.public)
def initiative_list(request):
    initiatives = initiatives_visible_to(request.user).order_by("-starts_on", "title")
    return render(
        request,
        "events/initiatives/list.html",
        {"initiatives": initiatives, "can_create": manage_initiative.allows(request.user)},
    )


@declare(rules.public)
def initiative_detail(request, slug: str):
    initiative = _initiative_for(request, slug)
    can_manage = can_manage_initiative(request.user, initiative)
    return render(
        request,
        "events/initiatives/detail.html",
        {
            "initiative": initiative,
            "progress": initiative_progress(initiative, include_drafts=can_manage),
            "can_manage": can_manage,
        },
    )


@declare(manage_initiative)
def initiative_create(request):
    form = InitiativeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            initiative = create_initiative(organisation=organisation, by=request.user, **data)
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Проект создан. Теперь добавьте план мероприятий."))
            return redirect("events:initiative_detail", slug=initiative.slug)
    return render(request, "events/initiatives/form.html", {"form": form, "initiative": None})


@declare(manage_initiative)
def initiative_edit(request, slug: str):
    initiative = _initiative_for(request, slug, manage=True)
    form = InitiativeForm(request.POST or None, instance=initiative, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = update_initiative(
                Initiative.objects.get(pk=initiative.pk), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("events:initiative_detail", slug=initiative.slug)
    return render(request, "events/initiatives/form.html", {"form": form, "initiative": initiative})


@declare(manage_initiative)
def plan_item_edit(request, slug: str, pk: int | None = None):
    initiative = _initiative_for(request, slug, manage=True)
    item = get_object_or_404(PlanItem, pk=pk, initiative=initiative) if pk else None
    initial = (
        {
            "title": item.title,
            "kind": item.kind,
            "planned_for": item.planned_for,
            "event": item.event,
        }
        if item
        else {}
    )
    form = PlanItemForm(request.POST or None, initial=initial, initiative=initiative, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            save_plan_item(initiative, by=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("План обновлён."))
            return redirect("events:initiative_detail", slug=initiative.slug)
    return render(
        request,
        "events/initiatives/plan_item_form.html",
        {"form": form, "initiative": initiative, "item": item},
    )


@require_POST
@declare(manage_initiative)
def plan_item_delete(request, slug: str, pk: int):
    initiative = _initiative_for(request, slug, manage=True)
    item = get_object_or_404(PlanItem, pk=pk, initiative=initiative)
    delete_plan_item(item, by=request.user)
    messages.success(request, _("Пункт плана удалён."))
    return redirect("events:initiative_detail", slug=initiative.slug)


urlpatterns = [
    path("initiatives/", initiative_list, name="initiative_list"),
    path("initiatives/new/", initiative_create, name="initiative_create"),
    path("initiatives/<slug:slug>/", initiative_detail, name="initiative_detail"),
    path("initiatives/<slug:slug>/edit/", initiative_edit, name="initiative_edit"),
    path("initiatives/<slug:slug>/plan/add/", plan_item_edit, name="plan_item_add"),
    path("initiatives/<slug:slug>/plan/<int:pk>/", plan_item_edit, name="plan_item_edit"),
    path(
        "initiatives/<slug:slug>/plan/<int:pk>/delete/", plan_item_delete, name="plan_item_delete"
    ),
]
