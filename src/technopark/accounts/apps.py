from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "technopark.accounts"
    label = "accounts"
    verbose_name = _("Люди и доступ")

    def ready(self):
        from technopark.core.audit import track

        from . import models, signals

        for model in (
            models.User,
            models.Membership,
            models.ChildProfile,
            models.GuardianConsent,
            models.ApiToken,
            models.ErasureRequest,
        ):
            track(model)
        signals.connect()
