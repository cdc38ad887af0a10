import pytest

from tests.factories import Role, make_user


@pytest.fixture
def administrator(db):
    return make_user(Role.ADMINISTRATOR, email="admin@example.ru")


@pytest.fixture
def methodist(db):
    return make_user(Role.METHODIST, email="metodist@example.ru")


@pytest.fixture
def teacher(db):
    return make_user(Role.TEACHER, email="pedagog@example.ru")


@pytest.fixture
def guardian(db):
    return make_user(Role.GUARDIAN, email="roditel@example.ru")


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """.mo files are git-ignored build output: compile them so English pages can be tested."""
    from django.core.management import call_command

    call_command("compiletranslations", verbosity=0)
