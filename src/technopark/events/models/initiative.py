from django.db import models
from django.utils.translation import gettext_lazy as _

from technopark.core.models import TimeStamped


class Initiative(TimeStamped):
    """A time-bound programme of work of an organisation, e.g. a regional internship site 2023."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("запланирована")
        ACTIVE = "active", _("идёт")
        COMPLETED = "completed", _("завершена")

    slug = models.SlugField(_("короткое имя"), max_length=60, unique=True)
    title = models.CharField(_("название"), max_length=300)
    status_title = models.CharField(
        _("статус площадки"),
        max_length=300,
        blank=True,
        help_text=_("Например: «областная стажёрская площадка по техническому направлению»."),
    )
    topic = models.CharField(_("тема"), max_length=500)
    goal = models.TextField(_("цель"), blank=True)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    status = models.CharField(
        _("состояние"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    conclusion = models.TextField(_("выводы"), blank=True)

    class Meta:
        verbose_name = _("проект (статус площадки)")
        verbose_name_plural = _("проекты (статусы площадок)")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="initiative_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """One planned event of an initiative; `event` links the event that realised it."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="plan")
    title = models.CharField(_("что запланировано"), max_length=300)
    kind = models.ForeignKey(
        "events.EventKind",
        verbose_name=_("вид"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    planned_for = models.DateField(_("срок"), help_text=_("Месяц или дата по плану."))
    event = models.OneToOneField(
        "events.Event",
        verbose_name=_("проведённое мероприятие"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_item",
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("пункт плана")
        verbose_name_plural = _("план мероприятий")
        ordering = ["initiative", "position", "planned_for"]

    def __str__(self) -> str:
        return self.title
