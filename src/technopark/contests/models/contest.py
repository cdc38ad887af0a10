import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from technopark.core.models import TimeStamped


def regulations_path(instance, filename: str) -> str:
    return f"contests/regulations/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()[:5]}"


class Contest(TimeStamped):
    """A competition, festival, olympiad or selection: nominations, stages, entries, jury."""

    class Kind(models.TextChoices):
        MASTERY = "mastery", _("конкурс педагогического мастерства")
        PROJECTS = "projects", _("конкурс проектов обучающихся")
        FESTIVAL = "festival", _("фестиваль")
        OLYMPIAD = "olympiad", _("олимпиада")
        SELECTION = "selection", _("отбор")

    class Level(models.TextChoices):
        MUNICIPAL = "municipal", _("муниципальный")
        REGIONAL = "regional", _("региональный")
        NATIONAL = "national", _("республиканский, всероссийский")
        INTERNATIONAL = "international", _("международный")

    class Audience(models.TextChoices):
        TEACHERS = "teachers", _("педагоги")
        PUPILS = "pupils", _("обучающиеся")
        TEAMS = "teams", _("команды обучающихся")

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        CALL_OPEN = "call_open", _("идёт приём работ")
        JUDGING = "judging", _("идёт оценка")
        RESULTS_PUBLISHED = "results", _("итоги опубликованы")
        ARCHIVED = "archived", _("в архиве")

    class Aggregation(models.TextChoices):
        MEAN = "mean", _("среднее арифметическое оценок судей")
        MEDIAN = "median", _("медиана оценок судей")

    slug = models.SlugField(_("короткое имя"), max_length=80, unique=True)
    title = models.CharField(_("название"), max_length=400)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("уровень"), max_length=20, choices=Level.choices)
    audience = models.CharField(_("участники"), max_length=20, choices=Audience.choices)
    goal = models.TextField(_("цель"), blank=True)
    description = models.TextField(_("описание"), blank=True)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("организатор"),
        on_delete=models.PROTECT,
        related_name="contests",
    )
    partners = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("соорганизаторы и партнёры"),
        blank=True,
        related_name="partner_contests",
    )
    event = models.OneToOneField(
        "events.Event",
        verbose_name=_("мероприятие в календаре"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest",
        help_text=_("Через него конкурс входит в план проекта и в отчёты."),
    )
    regulations = models.FileField(
        _("положение о конкурсе"), upload_to=regulations_path, blank=True
    )
    submission_opens_at = models.DateTimeField(_("приём работ с"), null=True, blank=True)
    submission_closes_at = models.DateTimeField(_("приём работ до"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("итоги опубликованы"), null=True, blank=True)
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Rules of the contest.
    entries_per_nomination = models.PositiveSmallIntegerField(
        _("работ от одного автора в номинации"),
        default=1,
        help_text=_("0 — без ограничения."),
    )
    min_age = models.PositiveSmallIntegerField(_("возраст участников от"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("возраст участников до"), null=True, blank=True)
    max_file_mb = models.PositiveSmallIntegerField(_("наибольший размер файла, МБ"), default=20)
    blind_review = models.BooleanField(
        _("слепая оценка"),
        default=False,
        help_text=_("Члены жюри не видят имён авторов и их организаций."),
    )
    judges_per_entry = models.PositiveSmallIntegerField(_("судей на одну работу"), default=2)
    show_scores_after_close = models.BooleanField(
        _("показывать судьям чужие оценки после закрытия этапа"), default=True
    )
    aggregation = models.CharField(
        _("как сводить оценки судей"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.MEAN,
    )
    normalise = models.BooleanField(
        _("выравнивать строгих и мягких судей"),
        default=False,
        help_text=_(
            "Оценки каждого судьи приводятся к z-баллам и переводятся обратно в шкалу "
            "критериев; в итогах видны обе таблицы."
        ),
    )
    award_rule = models.JSONField(
        _("правило присуждения мест"),
        default=dict,
        blank=True,
        help_text=_(
            "Сколько дипломов каждой степени в номинации и возрастной категории и с какого "
            "балла присуждается звание лауреата."
        ),
    )
    jury_feedback = models.TextField(_("отзыв жюри"), blank=True)

    class Meta:
        verbose_name = _("конкурс")
        verbose_name_plural = _("конкурсы и отборы")
        ordering = ["-submission_closes_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(submission_closes_at__isnull=True)
                | models.Q(submission_opens_at__isnull=True)
                | models.Q(submission_closes_at__gte=models.F("submission_opens_at")),
                name="contest_submission_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Nomination(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="nominations")
    name = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("номинация")
        verbose_name_plural = _("номинации")
        ordering = ["contest", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="nomination_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class AgeCategory(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="age_categories")
    name = models.CharField(_("название"), max_length=100)
    min_age = models.PositiveSmallIntegerField(_("возраст от"))
    max_age = models.PositiveSmallIntegerField(_("возраст до"))

    class Meta:
        verbose_name = _("возрастная категория")
        verbose_name_plural = _("возрастные категории")
        ordering = ["contest", "min_age"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_age__gte=models.F("min_age")), name="age_category_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    """A stage of a contest: scored by the jury, a test whose scores are imported, or an
    interview that ends in a decision. Closing a stage moves the passing entries on."""

    class Kind(models.TextChoices):
        SCORED = "scored", _("экспертная оценка жюри")
        TEST = "test", _("тестирование")
        INTERVIEW = "interview", _("собеседование")

    class Status(models.TextChoices):
        PENDING = "pending", _("не начат")
        OPEN = "open", _("идёт")
        CLOSED = "closed", _("закрыт")

    class PassRule(models.TextChoices):
        ALL = "all", _("проходят все")
        TOP_N = "top_n", _("первые N в номинации и возрастной категории")
        THRESHOLD = "threshold", _("набравшие не меньше порогового балла")
        QUOTA_NOMINATION = "quota_nomination", _("квота на номинацию")
        QUOTA_MUNICIPALITY = "quota_municipality", _("квота на муниципалитет")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField(_("номер этапа"), default=1)
    title = models.CharField(_("название"), max_length=200)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices, default=Kind.SCORED)
    starts_on = models.DateField(_("начало"), null=True, blank=True)
    ends_on = models.DateField(_("окончание"), null=True, blank=True)
    status = models.CharField(
        _("состояние"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    pass_rule = models.CharField(
        _("кто проходит дальше"), max_length=20, choices=PassRule.choices, default=PassRule.ALL
    )
    pass_value = models.DecimalField(
        _("N, порог или квота"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    skip_achievements = models.JSONField(
        _("кто попадает на этап без предыдущих"),
        default=list,
        blank=True,
        help_text=_("Например: победители перечисленных олимпиад и конкурсов."),
    )
    closed_at = models.DateTimeField(_("закрыт"), null=True, blank=True)

    class Meta:
        verbose_name = _("этап")
        verbose_name_plural = _("этапы")
        ordering = ["contest", "position"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "position"], name="stage_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"
