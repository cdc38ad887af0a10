from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import health, navigation, selectors
from .forms import AuditFilterForm
from .permissions import declare, rules


@declare(rules.public)
def home(request):
    user = request.user
    roles = []
    if user.is_authenticated:
        roles = sorted({m.get_role_display() for m in user.memberships.all()}, key=str)
    return render(request, "core/home.html", {"cards": navigation.cards_for(user), "roles": roles})


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
    form = AuditFilterForm(request.GET or None, target_types=selectors.target_type_choices())
    entries = selectors.filter_entries(**form.filters())
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [(entry, selectors.readable_changes(entry)) for entry in page]
    return render(request, "core/audit_log.html", {"page": page, "rows": rows, "form": form})


@declare(rules.public)
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; send them to the SVG icon.
    return redirect(static("technopark/favicon.svg"), permanent=True)


def csrf_failure(request, reason=""):
    return render(
        request,
        "403.html",
        {
            "message": _(
                "Форма устарела или была отправлена не с этого сайта. "
                "Обновите страницу и отправьте форму ещё раз."
            )
        },
        status=403,
    )
