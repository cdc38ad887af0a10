"""`technopark apitoken <email>` issues a personal token and prints it once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from technopark.accounts.models import ApiToken
from technopark.accounts.tokens import authenticate_token

pytestmark = pytest.mark.django_db


def test_command_prints_a_working_token_once(teacher):
    out, err = StringIO(), StringIO()
    call_command(
        "apitoken", "Pedagog@Example.ru", "--name", "Выгрузка в 1С", stdout=out, stderr=err
    )
    raw = out.getvalue().strip()
    assert raw.startswith("tp_")
    assert authenticate_token(raw) == teacher
    assert "Сохраните его сейчас" in err.getvalue()
    assert ApiToken.objects.get(user=teacher).name == "Выгрузка в 1С"


def test_unknown_email_is_a_clear_error():
    with pytest.raises(CommandError, match="Пользователь с адресом nobody@example.ru не найден."):
        call_command("apitoken", "nobody@example.ru")
    assert ApiToken.objects.count() == 0


def test_disabled_account_gets_no_token(teacher):
    teacher.is_active = False
    teacher.save()
    with pytest.raises(CommandError, match="отключена"):
        call_command("apitoken", teacher.email)
    assert ApiToken.objects.count() == 0


def test_unknown_email_exits_non_zero_from_the_shell(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    subprocess.run(
        [sys.executable, "-m", "technopark", "migrate", "-v", "0"], env=env, check=True, timeout=120
    )
    result = subprocess.run(
        [sys.executable, "-m", "technopark", "apitoken", "x@example.ru"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Пользователь с адресом x@example.ru не найден." in result.stderr
    assert result.stdout == ""
