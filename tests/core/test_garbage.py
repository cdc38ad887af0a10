"""Bad input never gives a 500 and a rejected form changes nothing — on every page, for every role.

The pages are found by walking the URL resolver, so a page added tomorrow is covered tomorrow.
URL arguments are filled from real objects (and from ids that do not exist); forms are found on
the page itself and filled with garbage, wrong types and files that lie about their type.
"""

from __future__ import annotations

import itertools
import re
import uuid
from datetime import date

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from technopark.accounts.models import ChildProfile, ConsentText, GuardianConsent
from tests.core import garbage
from tests.core.urlwalk import Route, converter_name, kwarg_names, page_routes
from tests.core.urlwalk import build as build_url
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "teacher", "guardian", "methodist", "administrator"]
ROUTES = page_routes()
ID_KWARG = re.compile(r"^(pk|id|\w+_(pk|id))$")
MISSING_ID = "987654321"
LOGIN = reverse(settings.LOGIN_URL)
GARBAGE_QUERY = {
    "page": ["-1", "abc"],
    "q": "\x00" + garbage.HUGE[:3000],
    "action": "'; --",
    "date_from": "2024-13-45",
    "date_to": "вчера",
    "actor": "x",
    "target_type": "\x00",
    "sort": "-password",
    "o": "__",
    "format": "../../",
    "next": "https://evil.example/",
    "municipality": "-5",
    "kind": "🤖",
    "region": "1e308",
}
# Pages that only accept POST show no form of their own: guess the usual field names.
FALLBACK_FORM = garbage.Form(
    "post",
    "",
    {
        n: "text"
        for n in (
            "name",
            "title",
            "email",
            "text",
            "reason",
            "comment",
            "id",
            "pk",
            "file",
            "language",
        )
    },
)
POST_VALUES = ["", garbage.HUGE, "\x00\x01", "'; DROP TABLE x; -- 🤖👩‍🔬 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 31.02.2023"]


@pytest.fixture
def world(teacher, guardian, methodist, administrator):
    """Real objects of every kind the pages show, so URL arguments can point at them."""
    school = OrganisationFactory(name="ГБОУ СОШ № 7 г. Сызрани")
    OrganisationFactory(name="ЦДТ «Радуга»", parent=school)
    text = ConsentText.objects.first() or ConsentText.objects.create(
        version="test",
        title="Согласие",
        body="Текст",
        publication_clause="Публикация",
        effective_from=date(2024, 1, 1),
    )
    child = ChildProfile.objects.create(
        guardian=guardian,
        last_name="Петров",
        first_name="Иван",
        birth_date=date(2014, 5, 17),
        school=school,
    )
    GuardianConsent.objects.create(child=child, guardian=guardian, text=text)
    return {
        "anonymous": None,
        "teacher": teacher,
        "guardian": guardian,
        "methodist": methodist,
        "administrator": administrator,
    }


def _our_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("technopark.")]


def _model_for(route: Route, kwarg: str) -> type[models.Model] | None:
    """Guess the model an id argument points at: from the argument, the collection segment
    just before it ("organisations/<int:pk>") or the URL's name."""
    stem = re.sub(r"_(pk|id)$", "", kwarg)
    before = route.route.split("<")[0].rstrip("/").rsplit("/", 1)[-1]
    words = (
        [stem, before, *re.split(r"[^a-z]+", route.name)]
        if stem not in ("pk", "id")
        else [before, *re.split(r"[^a-z]+", route.name)]
    )
    for word in (w for w in words if len(w) >= 4):
        variants = {word, word.removesuffix("s"), word.removesuffix("es"), word.removesuffix("ren")}
        for model in _our_models():
            name = model._meta.model_name
            if any(name == v or name.startswith(v) or name.endswith(v) for v in variants):
                return model
    return None


def _values(route: Route, kwarg: str) -> list[tuple[str, bool]]:
    """(value, points at an existing object) pairs to put into one URL argument."""
    conv = converter_name(route, kwarg)
    if conv == "int":
        if not ID_KWARG.match(kwarg):
            return [("1", True), (str(date.today().year), True), (MISSING_ID, False)]
        model = _model_for(route, kwarg)
        pool = [model] if model else _our_models()
        pks = {
            str(pk)
            for m in pool
            for pk in m._default_manager.values_list("pk", flat=True)[:1]
            if isinstance(pk, int)
        }
        return [(pk, True) for pk in sorted(pks)] + [(MISSING_ID, False)]
    if conv == "uuid":
        found = _field_values(models.UUIDField)
        return [(v, True) for v in found] + [(str(uuid.uuid4()), False)]
    if conv == "path":
        return [("net/takogo-fajla.txt", False), ("../settings.py", False)]
    found = _field_values(models.SlugField)
    return [(v, True) for v in found] + [("net-takogo-adresa", False), ("несуществующий", False)]


def _field_values(field_class) -> list[str]:
    values = []
    for model in _our_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, field_class):
                values += [
                    str(v) for v in model._default_manager.values_list(f.name, flat=True)[:2]
                ]
    return values


def urls_for(route: Route) -> list[tuple[str, bool]]:
    """Concrete URLs for a route: (url, every argument points at something real)."""
    names = kwarg_names(route)
    if not names:
        return [("/" + route.route, True)]
    combos = itertools.islice(itertools.product(*[_values(route, n) for n in names]), 12)
    urls = []
    for combo in combos:
        url = build_url(route, {n: v for n, (v, _) in zip(names, combo, strict=True)})
        if url:
            urls.append((url, all(exists for _, exists in combo)))
    return urls


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def rejected(response) -> bool:
    """The request was refused: nothing may have changed."""
    if response.status_code in (400, 403, 404, 405, 413):
        return True
    if response.status_code in (301, 302, 303):
        return response["Location"].startswith(LOGIN)
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        body = response.content.decode(errors="replace")
        return any(m in body for m in ('class="error"', 'class="errors"', "errorlist", "has-error"))
    return False


def post_and_check(client, url, problems: list[str], who: str, **kwargs) -> None:
    before, audit_id = garbage.row_counts(), garbage.last_audit_id()
    response = client.post(url, **kwargs)
    if response.status_code >= 500:
        problems.append(f"{who} POST {url}: {response.status_code}")
    elif rejected(response):
        after = garbage.row_counts()
        changed = {t: (before[t], after[t]) for t in before if before[t] != after.get(t)}
        changed_audit = garbage.data_changes_since(audit_id)
        if changed or changed_audit:
            problems.append(
                f"{who} POST {url} was refused ({response.status_code}) "
                f"but changed {changed} {changed_audit}"
            )


def get_and_check(client, url, problems, who, data=None):
    response = client.get(url, data or {})
    if response.status_code >= 500:
        problems.append(f"{who} GET {url} {list((data or {}).keys())}: {response.status_code}")
    return response


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_page_survives_garbage_from_every_role(route, world):
    problems: list[str] = []
    for url, exists in urls_for(route):
        allowed = 0  # roles that may use the page share out the long garbage list between them
        for who, user in world.items():
            client = client_for(user)
            response = get_and_check(client, url, problems, who)
            if not exists and response.status_code == 200 and _has_missing_id(route, url):
                problems.append(f"{who} GET {url}: 200 for an object that does not exist")
            html = response.content.decode(errors="replace") if response.status_code == 200 else ""
            forms = garbage.own_forms(html, url)
            get_and_check(client, url, problems, who, GARBAGE_QUERY)
            for form in (f for f in forms if f.method == "get"):
                get_and_check(client, url, problems, who, garbage.fill(form, "\x00" + garbage.HUGE))
            refused = response.status_code in (403, 404) or (
                response.status_code == 302 and response["Location"].startswith(LOGIN)
            )
            post_forms = [f for f in forms if f.method == "post"] or [FALLBACK_FORM]
            bodies = [{}, garbage.fill(post_forms[0], garbage.HUGE)]
            if exists and not refused:
                bodies += _long_garbage(post_forms)[allowed % 2 :: 2]
                allowed += 1
            for body in bodies:
                post_and_check(client, url, problems, who, data=body)
            post_and_check(
                client,
                url,
                problems,
                who,
                data=b"--xyz\r\nContent-Disposition: form-d",
                content_type="multipart/form-data; boundary=xyz",
            )
    assert problems == []


def _long_garbage(forms: list[garbage.Form]) -> list[dict]:
    bodies = [garbage.fill(f, v, file_index=i) for f in forms for i, v in enumerate(POST_VALUES)]
    bodies += [garbage.wrong_types(f) for f in forms]
    bodies += [{f"f{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5)}]
    return bodies


def _has_missing_id(route: Route, url: str) -> bool:
    return (
        any(ID_KWARG.match(n) and converter_name(route, n) == "int" for n in kwarg_names(route))
        and MISSING_ID in url
    )


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_random_form_input_never_breaks_a_page(route, world):
    """Hypothesis fills every field of every form on the page with random garbage (a form that
    several roles see alike is attacked once, as the first role that sees it)."""
    targets, seen = [], set()
    for who, user in world.items():
        for url, exists in urls_for(route):
            if not exists:
                continue
            client = client_for(user)
            response = client.get(url)
            if response.status_code == 200:
                html = response.content.decode(errors="replace")
                forms = [f for f in garbage.own_forms(html, url) if f.method == "post"]
                for form in forms:
                    signature = (url, tuple(sorted(form.fields)))
                    if signature not in seen:
                        seen.add(signature)
                        targets.append((who, client, url, form))
    if not targets:
        return  # the page has no form of its own: the test above still posted garbage to it

    @hypothesis_settings(
        max_examples=6,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data):
        problems: list[str] = []
        for who, client, url, form in targets:
            body = {
                name: data.draw(garbage.garbage_text, label=name)
                for name, kind in form.fields.items()
                if name != "csrfmiddlewaretoken" and kind != "file"
            }
            post_and_check(client, url, problems, who, data=body)
        assert problems == []

    run()


def test_post_without_csrf_token_is_refused_in_russian(world):
    client = Client(enforce_csrf_checks=True)
    before = garbage.row_counts()
    response = client.post(
        reverse("accounts:login"), {"username": "admin@example.ru", "password": "x"}
    )
    assert response.status_code == 403
    assert "Форма устарела или была отправлена не с этого сайта" in response.content.decode()
    assert garbage.row_counts() == before


def test_signed_in_post_without_csrf_token_is_refused_too(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["administrator"])
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert "Обновите страницу" in response.content.decode()


def test_walker_reaches_pages_with_url_arguments():
    """Guard the guard: every page route yields at least one concrete URL to attack."""
    assert all(urls_for(route) for route in ROUTES), [str(r) for r in ROUTES if not urls_for(r)]
