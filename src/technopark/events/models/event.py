import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from technopark.core.models import TimeStamped


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("очно")
    ONLINE = "online", _("дистанционно")
    HYBRID = "hybrid", _("очно-заочно (гибридно)")


class EventKind(models.Model):
    """Seminar, master class, round table … — a reference list administrators extend."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=100)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("вид мероприятия")
        verbose_name_plural = _("виды мероприятий")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


def cover_path(instance, filename: str) -> str:
    return f"events/covers/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()[:5]}"


class Event(TimeStamped):
    class Audience(models.TextChoices):
        TEACHERS = "teachers", _("педагоги")
        PUPILS = "pupils", _("обучающиеся")
        PARENTS = "parents", _("родители")
        MIXED = "mixed", _("все")

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        PUBLISHED = "published", _("опубликовано")
        HELD = "held", _("проведено")
        ARCHIVED = "archived", _("в архиве")

    title = models.CharField(_("название"), max_length=300)
    kind = models.ForeignKey(
        EventKind, verbose_name=_("вид"), on_delete=models.PROTECT, related_name="events"
    )
    audience = models.CharField(
        _("для кого"), max_length=20, choices=Audience.choices, default=Audience.TEACHERS
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("организатор"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    partners = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("соорганизаторы"),
        blank=True,
        related_name="co_organised_events",
    )
    initiative = models.ForeignKey(
        "events.Initiative",
        verbose_name=_("в рамках проекта"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    format = models.CharField(_("форма проведения"), max_length=20, choices=Format.choices)
    venue = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("площадка"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_events",
    )
    venue_address = models.CharField(_("адрес"), max_length=400, blank=True)
    venue_room = models.CharField(_("аудитория"), max_length=200, blank=True)
    online_url = models.URLField(_("ссылка на онлайн-комнату"), max_length=500, blank=True)
    online_platform = models.CharField(_("платформа"), max_length=100, blank=True)
    stream_url = models.URLField(_("ссылка на трансляцию"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("начало"), db_index=True)
    ends_at = models.DateTimeField(_("окончание"))
    time_zone = models.CharField(_("часовой пояс"), max_length=50, default="Europe/Samara")
    description = models.TextField(_("описание"), blank=True)
    summary = models.TextField(
        _("итоги"), blank=True, help_text=_("Что произошло на мероприятии — попадёт в отчёт.")
    )
    cover = models.ImageField(_("обложка"), upload_to=cover_path, blank=True)
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    capacity = models.PositiveIntegerField(
        _("мест"), null=True, blank=True, help_text=_("Пусто — без ограничения.")
    )
    waitlist = models.BooleanField(_("лист ожидания"), default=True)
    moderation = models.BooleanField(_("подтверждать заявки вручную"), default=False)
    registration_opens_at = models.DateTimeField(
        _("регистрация открывается"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("регистрация закрывается"), null=True, blank=True
    )
    recording_url = models.URLField(_("запись мероприятия"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["starts_at"]
        # The calendar asks "published or held, starting before the month ends and ending after
        # it starts" (month) and "… ending after a day, by start" (list). With both dates in the
        # index the ranges are answered from the index alone and only the matching rows are
        # read (benchmarks/README.md: 20,000 events).
        indexes = [
            models.Index(fields=["status", "starts_at", "ends_at"], name="event_status_starts"),
            models.Index(fields=["status", "ends_at", "starts_at"], name="event_status_ends"),
            # The calendar's version: the newest change of any event (views/calendar.py).
            models.Index(fields=["updated_at"], name="event_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaSession(models.Model):
    """A part of the programme: a talk, a master class, a discussion block."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"))
    title = models.CharField(_("название"), max_length=300)
    room = models.CharField(_("аудитория"), max_length=200, blank=True)
    description = models.TextField(_("описание"), blank=True)
    capacity = models.PositiveIntegerField(_("мест"), null=True, blank=True)

    class Meta:
        verbose_name = _("пункт программы")
        verbose_name_plural = _("программа")
        ordering = ["event", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Speaker(models.Model):
    """A speaker of a session; a pupil may present together with their teacher."""

    class Role(models.TextChoices):
        TEACHER = "teacher", _("педагог")
        PUPIL = "pupil", _("обучающийся")
        GUEST = "guest", _("приглашённый эксперт")

    session = models.ForeignKey(AgendaSession, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("имя"), max_length=200)
    role = models.CharField(_("кто"), max_length=20, choices=Role.choices, default=Role.TEACHER)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("выступающий")
        verbose_name_plural = _("выступающие")
        ordering = ["session", "position"]

    def __str__(self) -> str:
        return self.name


class DiscussionQuestion(models.Model):
    """A question put to a round table."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="discussion")
    text = models.CharField(_("вопрос"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("вопрос для обсуждения")
        verbose_name_plural = _("вопросы для обсуждения")
        ordering = ["event", "position"]

    def __str__(self) -> str:
        return self.text
