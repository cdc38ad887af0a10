import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .event import AgendaSession, Event, Format


def registration_code() -> str:
    # 10 characters of an alphabet without look-alikes: short enough to type at a check-in desk.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def verification_token() -> str:
    return secrets.token_hex(16)


def upload_path(instance, filename: str) -> str:
    return f"events/files/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()[:5]}"


def person_number(user_id: int | None, email: str) -> int:
    """Who a registration is, as one number: the account's id, or for a registration made
    without an account a negative number drawn from its e-mail in lower case (the first 63 bits
    of its BLAKE2b digest). The period report counts different people as different numbers,
    a cheap integer count instead of comparing e-mails; two different e-mails share a number
    with a probability below one in ten million even among a million of them."""
    if user_id is not None:
        return user_id
    digest = hashlib.blake2b(email.strip().lower().encode("utf-8"), digest_size=8).digest()
    return -(int.from_bytes(digest, "big") >> 1) - 1


class RegistrationQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create does not call save(): the person is given here the same way.
        objs = list(objs)
        for registration in objs:
            if registration.person is None:
                registration.person = person_number(registration.user_id, registration.email)
        return super().bulk_create(objs, *args, **kwargs)


class Question(models.Model):
    """A registration question. Answers keep their own copy of the wording and of the chosen
    option labels, so editing or removing a question never changes an answer given before."""

    class Kind(models.TextChoices):
        TEXT = "text", _("текст")
        CHOICE = "choice", _("один вариант")
        MULTI = "multi", _("несколько вариантов")
        YESNO = "yesno", _("да или нет")
        NUMBER = "number", _("число")
        FILE = "file", _("файл")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("вопрос"), max_length=300)
    kind = models.CharField(_("тип ответа"), max_length=10, choices=Kind.choices)
    required = models.BooleanField(_("обязательный"), default=False)
    options = models.JSONField(_("варианты"), default=list, blank=True)
    help_text = models.CharField(_("подсказка"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("задаётся"), default=True)

    class Meta:
        verbose_name = _("вопрос анкеты")
        verbose_name_plural = _("вопросы анкеты")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.label


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("ждёт подтверждения")
        CONFIRMED = "confirmed", _("подтверждена")
        WAITLISTED = "waitlisted", _("в листе ожидания")
        CANCELLED = "cancelled", _("отменена")
        REJECTED = "rejected", _("отклонена")

    class ParticipantRole(models.TextChoices):
        TEACHER = "teacher", _("педагог")
        METHODIST = "methodist", _("методист")
        LEADER = "leader", _("руководитель")
        PUPIL = "pupil", _("обучающийся")
        PARENT = "parent", _("родитель")
        OTHER = "other", _("другое")

    # Statuses that hold a place or a claim to one; a second registration of the same e-mail
    # while one of these exists returns the existing one.
    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)
    # Statuses that occupy capacity.
    SEATED = (Status.PENDING, Status.CONFIRMED)

    # Indexed by `registration_event_figures` below, which leads with the event.
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    full_name = models.CharField(_("фамилия, имя, отчество"), max_length=300)
    email = models.EmailField(_("электронная почта"))
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_name = models.CharField(
        _("организация (как указал участник)"), max_length=400, blank=True
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(
        _("кто вы"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.TEACHER
    )
    status = models.CharField(_("состояние"), max_length=20, choices=Status.choices, db_index=True)
    code = models.CharField(_("код"), max_length=16, unique=True, default=registration_code)
    # Who registered, as a number (person_number): set on save, kept when the account is later
    # deleted (the same person was there), follows an edit of a guest's e-mail.
    person = models.BigIntegerField(_("участник"), editable=False)
    created_at = models.DateTimeField(_("зарегистрирован"), auto_now_add=True, db_index=True)
    status_changed_at = models.DateTimeField(_("состояние изменено"), auto_now=True)
    # Set when the day-before reminder was sent; the hourly task skips whoever has it.
    reminded_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True)
    # The transactional outbox of confirmation e-mails when a broker is configured: set in the
    # registration's own INSERT, cleared by tasks.send_due_confirmations when the e-mail goes.
    confirmation_pending = models.BooleanField(default=False, editable=False)
    # Programme items with their own number of places (master classes) the person chose. A
    # live registration holds its places there; cancelling frees them (services/sessions.py).
    sessions = models.ManyToManyField(
        AgendaSession,
        verbose_name=_("выбранные пункты программы"),
        blank=True,
        related_name="registrations",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("регистрация")
        verbose_name_plural = _("регистрации")
        ordering = ["event", "created_at", "id"]
        constraints = [
            # The database itself refuses a second live registration of one e-mail.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="registration_one_live_per_email",
            ),
        ]
        indexes = [
            # Every lookup of an event's registrations (by status too) starts here, and it
            # carries every column the period report counts, so the report's three passes over
            # a region's year (a quarter of a million rows) read the index alone instead of
            # fetching each row from the table: 2-2.5 times faster on PostgreSQL
            # (benchmarks/README.md, "Reports").
            models.Index(
                fields=[
                    "event",
                    "status",
                    "municipality",
                    "role",
                    "organisation",
                    "person",
                    "id",
                ],
                name="registration_event_figures",
            ),
            # Small by construction: only the registrations whose confirmation is still due.
            models.Index(
                fields=["id"],
                condition=models.Q(confirmation_pending=True),
                name="registration_confirmation_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.event}"

    def save(self, *args, **kwargs):
        # A registration whose account was deleted keeps the account's number: still that
        # person. Otherwise the number follows the account, or the e-mail of a guest.
        if self.user_id is not None or self.person is None or self.person < 0:
            person = person_number(self.user_id, self.email)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and person != self.person:
                kwargs["update_fields"] = {*update_fields, "person"}
            self.person = person
        super().save(*args, **kwargs)


class Answer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    label = models.CharField(_("вопрос"), max_length=300)  # wording when answered
    value = models.JSONField(_("ответ"), null=True, blank=True)
    file = models.FileField(_("файл"), upload_to=upload_path, blank=True)

    class Meta:
        verbose_name = _("ответ")
        verbose_name_plural = _("ответы")

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class Attendance(models.Model):
    """A person was there — in the room or online; kept apart from registration."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("очно")
        ONLINE = "online", _("онлайн")

    class Source(models.TextChoices):
        QR = "qr", _("QR-код")
        CODE = "code", _("код вручную")
        MANUAL = "manual", _("отмечен по списку")
        IMPORT = "import", _("список с платформы")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances"
    )
    mode = models.CharField(_("как"), max_length=20, choices=Mode.choices)
    source = models.CharField(_("откуда отметка"), max_length=20, choices=Source.choices)
    checked_in_at = models.DateTimeField(_("отмечен"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("посещение")
        verbose_name_plural = _("посещения")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "mode"], name="attendance_once_per_mode"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} ({self.get_mode_display()})"


class StreamViews(models.Model):
    """Viewers of a live stream who did not register; never mixed into registrations."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="stream_views")
    count = models.PositiveIntegerField(_("просмотров"))
    source = models.CharField(
        _("где трансляция"), max_length=200, help_text=_("Например: «сообщество ЦДТ ВКонтакте».")
    )
    recorded_on = models.DateField(_("дата"))
    note = models.CharField(_("примечание"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("просмотры трансляции")
        verbose_name_plural = _("просмотры трансляций")
        ordering = ["event", "recorded_on"]

    def __str__(self) -> str:
        return f"{self.count} — {self.source}"


class FeedbackResponse(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    registration = models.OneToOneField(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("оценка (1–5)"))
    comment = models.TextField(_("отзыв"), blank=True)
    preferred_format = models.CharField(
        _("удобная форма участия"), max_length=20, choices=Format.choices
    )
    would_attend_again = models.BooleanField(_("придёте ещё?"), default=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("отзыв участника")
        verbose_name_plural = _("отзывы участников")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.rating}"


class Material(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("название"), max_length=300)
    file = models.FileField(_("файл"), upload_to=upload_path, blank=True)
    url = models.URLField(_("ссылка"), max_length=500, blank=True)
    published = models.BooleanField(_("опубликован"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("материал")
        verbose_name_plural = _("материалы")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Certificate(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="certificate"
    )
    number = models.CharField(_("номер"), max_length=40, unique=True)
    verification_key = models.CharField(max_length=32, unique=True, default=verification_token)
    file = models.FileField(_("файл"), upload_to="events/certificates/", blank=True)
    issued_at = models.DateTimeField(_("выдан"), auto_now_add=True)

    class Meta:
        verbose_name = _("сертификат участника")
        verbose_name_plural = _("сертификаты участников")

    def __str__(self) -> str:
        return self.number
