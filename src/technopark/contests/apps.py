from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "technopark.contests"
    label = "contests"
    verbose_name = _("Конкурсы и отборы")

    def ready(self):
        from technopark.core.audit import track

        from . import models

        for model in (
            models.Contest,
            models.Stage,
            models.Nomination,
            models.Entry,
            models.JuryMember,
            models.Assignment,
            models.Conflict,
            models.Criterion,
            models.EntryStage,
        ):
            track(model)
