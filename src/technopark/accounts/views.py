"""Account pages: thin — parse a form, call a service, render or redirect."""

import json

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from technopark.core.middleware import client_ip
from technopark.core.permissions import declare, rules

from . import services, tokens
from .forms import (
    AvatarForm,
    ChildForm,
    ConsentForm,
    ErasureForm,
    ProfileForm,
    SignupForm,
    TokenForm,
)
from .models import ConsentText, GuardianConsent, Role

guardians = rules.role(Role.GUARDIAN)


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@declare(rules.anonymous)
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_user(**form.service_kwargs())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Добро пожаловать! Учётная запись создана."))
            return redirect(
                "accounts:children" if user.has_any_role(Role.GUARDIAN) else "accounts:profile"
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


def _profile_page(request, status=200, **forms):
    user = request.user
    context = {
        "profile_form": ProfileForm(instance=user),
        "avatar_form": AvatarForm(),
        "token_form": TokenForm(),
        "erasure_form": ErasureForm(),
        "memberships": user.memberships.select_related("organisation"),
        "tokens": user.api_tokens.all(),
        "open_erasure": user.erasure_requests.filter(completed_at=None).first(),
        **forms,
    }
    return render(request, "accounts/profile.html", context, status=status)


@declare(rules.authenticated)
def profile(request):
    if request.method != "POST":
        return _profile_page(request)
    form = ProfileForm(request.POST, instance=request.user)
    if form.is_valid():
        try:
            services.update_profile(request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Профиль сохранён."))
            return redirect("accounts:profile")
    request.user.refresh_from_db()  # the ModelForm wrote the bad values onto request.user
    return _profile_page(request, status=400, profile_form=form)


@declare(rules.authenticated)
@require_POST
def avatar(request):
    if "remove" in request.POST:
        services.remove_avatar(request.user)
        messages.success(request, _("Фотография удалена."))
        return redirect("accounts:profile")
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_avatar(request.user, upload=form.cleaned_data["avatar"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Фотография обновлена."))
            return redirect("accounts:profile")
    request.user.refresh_from_db()
    return _profile_page(request, status=400, avatar_form=form)


@declare(rules.authenticated)
@require_POST
def token_issue(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, status=400, token_form=form)
    token, raw = tokens.issue_token(request.user, name=form.cleaned_data["name"])
    # Rendered, not redirected: the raw key must not sit in a session or a message cookie.
    response = _profile_page(request, new_token=raw, new_token_obj=token)
    response["Cache-Control"] = "no-store"
    return response


@declare(rules.authenticated)
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    tokens.revoke_token(token)
    messages.success(request, _("Токен «%(name)s» отозван.") % {"name": token.name})
    return redirect("accounts:profile")


@declare(rules.authenticated)
@require_POST
def export(request):
    data = services.export_personal_data(request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@declare(rules.authenticated)
@require_POST
def erasure(request):
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            services.request_erasure(request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Запрос отправлен. Администратор выполнит его в течение 30 дней.")
            )
            return redirect("accounts:profile")
    return _profile_page(request, status=400, erasure_form=form)


def _children_page(request, child_form=None, consent_form=None, status=200):
    text = ConsentText.current()
    children = (
        request.user.children.filter(anonymised_at=None)
        .select_related("school", "municipality")
        .prefetch_related("consents__text")
    )
    return render(
        request,
        "accounts/children.html",
        {
            "children": children,
            "consent_text": text,
            "child_form": child_form or ChildForm(),
            "consent_form": consent_form
            or ConsentForm(initial={"text_version": text.version if text else ""}),
        },
        status=status,
    )


@declare(guardians)
def children(request):
    if request.method != "POST":
        return _children_page(request)
    child_form, consent_form = ChildForm(request.POST), ConsentForm(request.POST)
    if child_form.is_valid() and consent_form.is_valid():
        consent = consent_form.cleaned_data
        try:
            child = services.create_child_profile(
                request.user,
                **child_form.cleaned_data,
                consent_given=consent["consent_given"],
                consent_text=ConsentText.objects.filter(version=consent["text_version"]).first(),
                allow_publication=consent["allow_publication"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "consent_given" in error.error_dict:
                _apply_errors(consent_form, error)
            else:
                _apply_errors(child_form, error)
        else:
            messages.success(request, _("%(name)s добавлен(а) в список.") % {"name": child})
            return redirect("accounts:children")
    return _children_page(request, child_form, consent_form, status=400)


def _consent_action(request, pk: int, service, done: str):
    consent = get_object_or_404(GuardianConsent, pk=pk, guardian=request.user)
    try:
        service(consent, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("accounts:children")


@declare(guardians)
@require_POST
def consent_withdraw(request, pk: int):
    return _consent_action(
        request, pk, services.withdraw_consent, _("Согласие отозвано, данные ребёнка обезличены.")
    )


@declare(guardians)
@require_POST
def publication_withdraw(request, pk: int):
    return _consent_action(
        request,
        pk,
        services.withdraw_publication_consent,
        _("Публикация имени и фотографий ребёнка отменена."),
    )
