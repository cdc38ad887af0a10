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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the dashboard keeps figures there, and SQLite reuses
    primary keys after a rollback, so one test could otherwise see another's figures."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """.mo files are git-ignored build output: compile them so English pages can be tested."""
    from django.core.management import call_command

    call_command("compiletranslations", verbosity=0)
