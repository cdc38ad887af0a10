"""Deny by default: every page states who may use it, and the rules mean what they say."""

import pytest
from django.http import HttpResponse
from django.urls import include, path
from django.views import View

from technopark.core.permissions import (
    PermissionMixin,
    Rule,
    declare,
    declared_permission,
    rules,
)
from tests.core.urlwalk import Route, page_routes, walk
from tests.factories import Role, make_user


def undeclared(routes: list[Route]) -> list[str]:
    """Page views (not admin, not API) that declare no rule."""
    return [str(r) for r in routes if r.kind == "page" and declared_permission(r.callback) is None]


def test_every_page_declares_who_may_use_it():
    routes = walk()
    assert any(r.name == "core:home" for r in routes), "the walker found no pages at all"
    missing = undeclared(routes)
    assert missing == [], "pages without declare(rules.…):\n" + "\n".join(missing)


def test_the_walker_finds_an_undeclared_view_inside_an_include():
    def forgotten(request):
        return HttpResponse("oops")

    class ForgottenView(View):
        def get(self, request):
            return HttpResponse("oops")

    nested = ([path("secret/", forgotten, name="secret")], "fake")
    patterns = [
        path("ok/", declare(rules.public)(forgotten), name="ok"),
        path("fake/", include(nested)),
        path("cbv/", ForgottenView.as_view(), name="cbv"),
    ]
    assert undeclared(walk(patterns)) == ["/fake/secret/ (fake:secret)", "/cbv/ (cbv)"]


def test_admin_and_api_urls_are_classified_not_skipped_silently():
    kinds = {r.kind for r in walk()}
    assert {"page", "admin", "api"} <= kinds
    admin_routes = [r for r in walk() if r.kind == "admin"]
    assert all(r.route.startswith("admin/") for r in admin_routes)
    api_routes = [r for r in walk() if r.kind == "api"]
    assert all(r.route.startswith("api/") for r in api_routes)
    # Nothing outside /admin/ and /api/ escapes the page check.
    assert all(not r.route.startswith(("admin/", "api/")) for r in page_routes())


def test_class_based_view_without_permission_refuses_to_be_mounted():
    class Careless(PermissionMixin, View):
        pass

    with pytest.raises(TypeError, match="declares no permission"):
        Careless.as_view()


def test_class_based_view_with_permission_is_declared():
    class Careful(PermissionMixin, View):
        permission = rules.staff

    assert declared_permission(Careful.as_view()).name == rules.staff.name


@pytest.mark.django_db
def test_forbidden_page_names_who_may_use_it(client, teacher):
    client.force_login(teacher)
    response = client.get("/audit/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Доступ закрыт" in body
    assert "Эта страница доступна только так: администраторы." in body


@pytest.mark.django_db
def test_guest_is_sent_to_login_and_comes_back(client):
    response = client.get("/audit/?action=create")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/audit/%3Faction%3Dcreate"


@pytest.mark.django_db
def test_page_for_guests_only_refuses_a_signed_in_user(client, teacher):
    guests_only = declare(rules.anonymous)(lambda request: HttpResponse("hello"))
    from django.test import RequestFactory

    request = RequestFactory().get("/x")
    request.user = teacher
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="гости, не вошедшие в систему"):
        guests_only(request)


@pytest.mark.django_db
def test_rules_compose_with_or_and_and():
    teacher, guardian = make_user(Role.TEACHER), make_user(Role.GUARDIAN)
    methodist, admin = make_user(Role.METHODIST), make_user(Role.ADMINISTRATOR)
    inactive = make_user(Role.TEACHER, is_active=False)

    either = rules.role(Role.TEACHER) | rules.role(Role.GUARDIAN)
    superuser = make_user(is_superuser=True)
    people = (teacher, guardian, methodist, admin, inactive, superuser)
    assert [either.allows(u) for u in people] == [True, True, False, False, False, True]
    assert str(either) == (
        "пользователи с ролью: педагог или пользователи с ролью: родитель (законный представитель)"
    )

    only_own = Rule("own", "автор", lambda u, o: o is not None and o == u.pk)
    both = rules.role(Role.TEACHER) & only_own
    assert both.allows(teacher, teacher.pk)
    assert not both.allows(teacher, guardian.pk)
    assert not both.allows(guardian, guardian.pk)
    assert str(both) == "пользователи с ролью: педагог, и при этом автор"


@pytest.mark.django_db
def test_named_rules_cover_the_roles_they_promise():
    from django.contrib.auth.models import AnonymousUser

    teacher, methodist = make_user(Role.TEACHER), make_user(Role.METHODIST)
    admin, superuser = make_user(Role.ADMINISTRATOR), make_user(is_superuser=True)
    guest = AnonymousUser()
    table = {
        "public": [True, True, True, True, True],
        "anonymous": [True, False, False, False, False],
        "authenticated": [False, True, True, True, True],
        "staff": [False, False, True, True, True],
        "administrator": [False, False, False, True, True],
    }
    for name, expected in table.items():
        rule = getattr(rules, name)
        actual = [rule.allows(u) for u in (guest, teacher, methodist, admin, superuser)]
        assert actual == expected, name
