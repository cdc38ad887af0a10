"""Russian first, English complete: every string has a real translation and the switch works."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

import technopark

APPS_DIR = Path(technopark.__file__).parent
PO_FILES = sorted(APPS_DIR.glob("*/locale/*/LC_MESSAGES/*.po"))
TRANSLATABLE = re.compile(r"gettext|{% ?(translate|trans|blocktranslate|blocktrans)\b")


def _apps_with_strings() -> list[Path]:
    apps = []
    for app in sorted(p for p in APPS_DIR.iterdir() if (p / "apps.py").exists()):
        files = [*app.rglob("*.py"), *app.rglob("*.html")]
        if any(
            TRANSLATABLE.search(f.read_text(encoding="utf-8"))
            for f in files
            if "migrations" not in f.parts
        ):
            apps.append(app)
    return apps


def test_every_app_with_interface_strings_has_an_english_catalogue():
    missing = [
        app.name
        for app in _apps_with_strings()
        if not (app / "locale/en/LC_MESSAGES/django.po").exists()
    ]
    assert missing == []


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(APPS_DIR)))
def test_catalogue_has_no_untranslated_or_fuzzy_entries(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])
    same = [
        e.msgid
        for e in po.translated_entries()
        if e.msgstr == e.msgid and re.search("[а-яё]", e.msgid, re.I)
    ]
    assert same == [], "Russian text copied instead of translated"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(APPS_DIR)))
def test_catalogue_contains_every_string_the_code_uses(po_path, tmp_path):
    """Run makemessages on a copy of the app: nothing it finds may be missing from the .po."""
    app = po_path.parents[3]
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    cwd = os.getcwd()
    try:
        os.chdir(copy)
        call_command("makemessages", locale=["en"], verbosity=0, no_location=True)
    finally:
        os.chdir(cwd)
    fresh = polib.pofile(str(copy / po_path.relative_to(app)))
    committed = {e.msgid for e in polib.pofile(str(po_path)) if not e.obsolete}
    missing = sorted(e.msgid for e in fresh if not e.obsolete and e.msgid not in committed)
    assert missing == [], f"run makemessages in src/technopark/{app.name} and translate"


def test_russian_source_text_uses_no_plural_forms():
    """Russian has three plural forms, but untranslated source text gets English's two
    ("Найдено 2 записей"): write "Записей: 2" instead."""
    offenders = [
        str(f.relative_to(APPS_DIR))
        for f in APPS_DIR.rglob("*")
        if f.suffix in (".py", ".html")
        and re.search(
            r"blocktrans(late)? count|\bnp?gettext(_lazy)?\(",
            f.read_text(encoding="utf-8"),
        )
    ]
    assert offenders == []


@pytest.mark.django_db
def test_language_switch_renders_the_home_page_in_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in body
    assert "Who it is for" in body and "Log in" in body
    assert "Кому и зачем" not in body

    back = client.post("/i18n/setlang/", {"language": "ru", "next": "/"}, follow=True)
    assert '<html lang="ru">' in back.content.decode()
    assert "Кому и зачем" in back.content.decode()


@pytest.mark.django_db
def test_switch_keeps_the_page_the_user_was_on(client, administrator):
    client.force_login(administrator)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/audit/?action=view"})
    assert response["Location"] == "/audit/?action=view"
    page = client.get("/audit/?action=view").content.decode()
    assert "Audit log" in page and "Who changed what and when" in page


@pytest.mark.django_db
def test_switch_refuses_to_send_the_user_to_another_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_django_admin_speaks_russian(client):
    from tests.factories import Role, make_user

    root = make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(root)
    body = client.get("/admin/").content.decode()
    assert '<html lang="ru"' in body
    assert "Администрирование" in body
    assert "Site administration" not in body


def test_compiled_catalogues_load_without_gnu_gettext(tmp_path):
    """`make translations` uses polib only; the result is a catalogue gettext can read."""
    po = PO_FILES[0]
    mo = tmp_path / "django.mo"
    polib.pofile(str(po)).save_as_mofile(str(mo))
    if shutil.which("msgunfmt"):
        out = subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True)
        assert "msgstr" in out.stdout
    assert polib.mofile(str(mo)).percent_translated() == 100
