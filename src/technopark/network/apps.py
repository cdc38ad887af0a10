from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "technopark.network"
    label = "network"
    verbose_name = _("Сеть организаций")

    def ready(self):
        from technopark.core.audit import track

        from . import models

        track(models.Organisation)
