import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from technopark.core.models import TimeStamped

from .contest import AgeCategory, Contest, Nomination, Stage


def entry_file_path(instance, filename: str) -> str:
    return f"contests/entries/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()[:5]}"


class Entry(TimeStamped):
    """A work submitted to a contest by a teacher, or by a pupil or team with a mentor."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("подана")
        WITHDRAWN = "withdrawn", _("отозвана")
        DISQUALIFIED = "disqualified", _("снята с конкурса")

    class Place(models.TextChoices):
        FIRST = "first", _("диплом I степени")
        SECOND = "second", _("диплом II степени")
        THIRD = "third", _("диплом III степени")
        LAUREATE = "laureate", _("лауреат")
        PARTICIPANT = "participant", _("участник")

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="entries")
    number = models.PositiveIntegerField(_("номер работы"))
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("номинация"), on_delete=models.PROTECT, related_name="entries"
    )
    age_category = models.ForeignKey(
        AgeCategory,
        verbose_name=_("возрастная категория"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    title = models.CharField(_("название работы"), max_length=400)
    annotation = models.TextField(_("аннотация"), blank=True)
    team_name = models.CharField(_("название команды"), max_length=200, blank=True)
    video_url = models.URLField(_("ссылка на видео"), blank=True)
    achievement = models.CharField(
        _("достижение, дающее право пропустить этап"),
        max_length=300,
        blank=True,
        help_text=_("Например: «победитель областной олимпиады по физике»."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто подал"),
        on_delete=models.PROTECT,
        related_name="contest_entries",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_entries",
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_entries",
    )
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("подана"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("отозвана"), null=True, blank=True)
    current_stage = models.ForeignKey(
        Stage,
        verbose_name=_("текущий этап"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="current_entries",
    )
    final_score = models.DecimalField(
        _("итоговый балл"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("место в рейтинге"), null=True, blank=True)
    place = models.CharField(_("награда"), max_length=20, choices=Place.choices, blank=True)
    place_set_by_organiser = models.BooleanField(_("награда назначена вручную"), default=False)

    class Meta:
        verbose_name = _("работа")
        verbose_name_plural = _("работы")
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="entry_number_unique")
        ]
        indexes = [models.Index(fields=["contest", "nomination", "status"])]

    def __str__(self) -> str:
        return f"№ {self.number}. {self.title}"


class EntryAuthor(models.Model):
    """An author or mentor of an entry. A pupil is linked through their child profile, which
    exists only with a guardian's consent on record."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("автор")
        MENTOR = "mentor", _("руководитель")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="authors")
    role = models.CharField(_("роль"), max_length=10, choices=Role.choices, default=Role.AUTHOR)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_authorships",
    )
    child = models.ForeignKey(
        "accounts.ChildProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_authorships",
    )
    full_name = models.CharField(_("фамилия, имя, отчество"), max_length=300)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("автор работы")
        verbose_name_plural = _("авторы работы")
        ordering = ["entry", "position", "id"]

    def __str__(self) -> str:
        return self.full_name


class EntryFile(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("файл"), upload_to=entry_file_path)
    original_name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер, байт"))
    content_type = models.CharField(_("тип"), max_length=100)
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("файл работы")
        verbose_name_plural = _("файлы работы")
        ordering = ["entry", "id"]

    def __str__(self) -> str:
        return self.original_name


class EntryStage(models.Model):
    """An entry's passage through one stage: its score there, the decision and how it got in."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("ожидает решения")
        PASSED = "passed", _("прошла дальше")
        NOT_PASSED = "not_passed", _("не прошла")

    class Admission(models.TextChoices):
        OPEN_CALL = "call", _("по заявке")
        PREVIOUS_STAGE = "previous", _("по итогам предыдущего этапа")
        ACHIEVEMENT = "achievement", _("без предыдущих этапов по достижению")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="stages")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="entry_stages")
    admission = models.CharField(
        _("как попала на этап"),
        max_length=20,
        choices=Admission.choices,
        default=Admission.OPEN_CALL,
    )
    raw_score = models.DecimalField(
        _("балл"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    normalised_score = models.DecimalField(
        _("выровненный балл"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("место в рейтинге этапа"), null=True, blank=True)
    tie_break_vote = models.PositiveSmallIntegerField(
        _("решение председателя при равенстве баллов"),
        null=True,
        blank=True,
        help_text=_("Меньшее число — выше в рейтинге."),
    )
    outcome = models.CharField(
        _("решение"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    decision_note = models.TextField(_("комментарий к решению"), blank=True)
    direction = models.CharField(
        _("назначенное направление или лаборатория"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("работа на этапе")
        verbose_name_plural = _("работы на этапах")
        ordering = ["stage", "rank", "entry"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "stage"], name="entry_stage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry} — {self.stage}"
