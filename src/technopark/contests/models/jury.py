import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .contest import Contest, Nomination, Stage
from .entry import Entry, EntryAuthor


def diploma_path(instance, filename: str) -> str:
    return f"contests/diplomas/{uuid.uuid4().hex}.pdf"


def verification_token() -> str:
    return secrets.token_hex(16)


class JuryMember(models.Model):
    """A judge of a stage, for one nomination or (nomination empty) for all of them."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("председатель жюри")
        SECRETARY = "secretary", _("секретарь")
        MEMBER = "member", _("член жюри")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="jury")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_seats"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("номинация"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jury",
        help_text=_("Пусто — судит все номинации этапа."),
    )
    role = models.CharField(_("роль"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("член жюри")
        verbose_name_plural = _("жюри")
        ordering = ["stage", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "user", "nomination"], name="jury_member_unique"
            ),
            models.UniqueConstraint(
                fields=["stage", "user"],
                condition=models.Q(nomination__isnull=True),
                name="jury_member_all_nominations_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class Conflict(models.Model):
    """A conflict of interest declared by a judge or by the organiser: the judge must not score
    the entry. Conflicts that follow from the data (own organisation, authorship, mentoring)
    are computed, not stored."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declared_conflicts"
    )
    reason = models.CharField(_("причина"), max_length=300)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declared_at = models.DateTimeField(_("заявлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("конфликт интересов")
        verbose_name_plural = _("конфликты интересов")
        constraints = [models.UniqueConstraint(fields=["entry", "judge"], name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.judge} — {self.entry}: {self.reason}"


class Assignment(models.Model):
    """A judge scores an entry at a stage."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_assignments"
    )
    is_manual = models.BooleanField(_("назначено вручную"), default=False)
    conflict_overridden = models.CharField(
        _("назначено несмотря на конфликт"),
        max_length=300,
        blank=True,
        help_text=_("Какой конфликт организатор видел, назначая судью вручную."),
    )
    comment = models.TextField(_("общий комментарий судьи"), blank=True)
    completed_at = models.DateTimeField(_("оценка завершена"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("назначение судьи")
        verbose_name_plural = _("назначения судей")
        ordering = ["stage", "judge", "entry"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "entry", "judge"], name="assignment_unique")
        ]
        indexes = [models.Index(fields=["judge", "stage"])]

    def __str__(self) -> str:
        return f"{self.judge} → {self.entry}"


class Criterion(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("критерий"), max_length=300)
    description = models.TextField(_("что оценивается"), blank=True)
    max_points = models.DecimalField(_("наибольший балл"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("вес"), max_digits=5, decimal_places=2, default=1)
    is_tie_break = models.BooleanField(
        _("решает при равенстве баллов"),
        default=False,
        help_text=_("При равном итоговом балле выше работа с большим баллом по этому критерию."),
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("критерий")
        verbose_name_plural = _("критерии")
        ordering = ["stage", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="criterion_max_points_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="criterion_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField(_("балл"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("комментарий"), blank=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("оценка")
        verbose_name_plural = _("оценки")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="score_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class Diploma(models.Model):
    """A diploma or certificate of participation issued to an author of an entry."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="diplomas")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="diplomas")
    author = models.ForeignKey(
        EntryAuthor, null=True, blank=True, on_delete=models.SET_NULL, related_name="diplomas"
    )
    number = models.CharField(_("номер"), max_length=40, unique=True)
    place = models.CharField(_("награда"), max_length=20, choices=Entry.Place.choices)
    recipient = models.CharField(_("кому"), max_length=300)
    file = models.FileField(_("PDF"), upload_to=diploma_path, blank=True)
    token = models.CharField(max_length=32, unique=True, default=verification_token)
    issued_at = models.DateTimeField(_("выдан"), auto_now_add=True)

    class Meta:
        verbose_name = _("диплом")
        verbose_name_plural = _("дипломы")
        ordering = ["contest", "number"]

    def __str__(self) -> str:
        return f"{self.number} — {self.recipient}"
