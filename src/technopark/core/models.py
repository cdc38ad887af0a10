from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Who did what to which record (with a diff), or who viewed/exported personal data."""

    class Action(models.TextChoices):
        CREATE = "create", _("создание")
        UPDATE = "update", _("изменение")
        DELETE = "delete", _("удаление")
        VIEW = "view", _("просмотр персональных данных")
        EXPORT = "export", _("выгрузка персональных данных")
        LOGIN = "login", _("вход")
        LOGIN_FAILED = "login_failed", _("неудачный вход")
        ERASE = "erase", _("обезличивание")

    at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("действие"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("тип объекта"), max_length=100, blank=True)
    target_id = models.CharField(_("номер объекта"), max_length=64, blank=True)
    target_repr = models.CharField(_("объект"), max_length=300, blank=True)
    changes = models.JSONField(_("изменения"), default=dict, blank=True)
    detail = models.CharField(_("подробности"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    user_agent = models.CharField(_("браузер"), max_length=300, blank=True)
    request_id = models.CharField(_("номер запроса"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("запись журнала аудита")
        verbose_name_plural = _("журнал аудита")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.target_repr}"
