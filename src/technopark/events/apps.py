from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "technopark.events"
    label = "events"
    verbose_name = _("Мероприятия")

    def ready(self):
        from technopark.core.audit import track

        from . import models

        for model in (
            models.Initiative,
            models.PlanItem,
            models.Event,
            models.Registration,
            models.StreamViews,
            models.Question,
        ):
            track(model)
