from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import health
from .models import AuditEntry
from .permissions import declare, rules


@declare(rules.public)
def home(request):
    return render(request, "core/home.html")


@declare(rules.public)
@never_cache
def healthz(request):
    results = health.checks()
    down = [name for name, state in results.items() if state != "ok"]
    body = {"status": "down" if down else "ok", **results}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)


@declare(rules.administrator)
def audit_log(request):
    entries = AuditEntry.objects.select_related("actor")
    action = request.GET.get("action", "")
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    if query := request.GET.get("q", "").strip():
        entries = entries.filter(target_repr__icontains=query) | entries.filter(
            actor__email__icontains=query)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html",
                  {"page": page, "actions": AuditEntry.Action.choices, "action": action,
                   "q": query or ""})


def csrf_failure(request, reason=""):
    return render(request, "403.html", {"message": _(
        "Форма устарела или была отправлена не с этого сайта. Обновите страницу и отправьте "
        "форму ещё раз.")}, status=403)
