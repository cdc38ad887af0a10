"""Competitions and selections are one model: a contest with stages.

contest.py — the contest, its nominations, age categories and stages;
entry.py — works (entries), their authors and files, and an entry's passage through stages;
jury.py — jury members, conflicts of interest, assignments, criteria, scores and diplomas.
"""

from .contest import AgeCategory, Contest, Nomination, Stage
from .entry import Entry, EntryAuthor, EntryFile, EntryStage
from .jury import Assignment, Conflict, Criterion, Diploma, JuryMember, Score

__all__ = [
    "AgeCategory",
    "Assignment",
    "Conflict",
    "Contest",
    "Criterion",
    "Diploma",
    "Entry",
    "EntryAuthor",
    "EntryFile",
    "EntryStage",
    "JuryMember",
    "Nomination",
    "Score",
    "Stage",
]
