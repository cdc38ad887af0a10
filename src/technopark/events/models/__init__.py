"""Events: initiatives and their plans, events with agenda, registration, attendance,
stream views, feedback, materials and certificates."""

from .event import AgendaSession, DiscussionQuestion, Event, EventKind, Format, Speaker
from .initiative import Initiative, PlanItem
from .participation import (
    Answer,
    Attendance,
    Certificate,
    FeedbackResponse,
    Material,
    Question,
    Registration,
    StreamViews,
)

__all__ = [
    "AgendaSession",
    "Answer",
    "Attendance",
    "Certificate",
    "DiscussionQuestion",
    "Event",
    "EventKind",
    "FeedbackResponse",
    "Format",
    "Initiative",
    "Material",
    "PlanItem",
    "Question",
    "Registration",
    "Speaker",
    "StreamViews",
]
