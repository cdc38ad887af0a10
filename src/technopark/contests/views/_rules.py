"""The rules the pages use, all from contests/rules.py (the one place that decides who may)."""

from ..rules import (  # noqa: F401
    can_judge,
    can_manage_contest,
    can_see_contest,
    can_see_entry,
    is_judge,
    manage_contest,
)
