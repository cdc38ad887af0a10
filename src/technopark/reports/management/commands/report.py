"""`technopark report`: the period report of an initiative, an organisation or a region as
JSON (to stdout without -o), DOCX, XLSX or PDF.

    technopark report --initiative osp-2023 --format json
    technopark report --initiative osp-2023 --format docx -o itogi-2023.docx
    technopark report --organisation 12 --with-children --from 2024-01-01 --to 2024-06-30 \
        --format xlsx -o polugodie.xlsx
    technopark report --region "Самарская область" --format json
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from technopark.reports.builder import build_report
from technopark.reports.scope import (
    Scope,
    find_initiative,
    find_organisation,
    find_region,
    parse_period,
)
from technopark.reports.tasks import check_format, file_name, render


class Command(BaseCommand):
    help = _(
        "Отчёт за период по проекту, организации или региону: JSON, DOCX, XLSX или PDF. "
        "Без -o JSON печатается в стандартный вывод."
    )

    def create_parser(self, prog_name, subcommand, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def error(message):
            # A mistake in the arguments: a Russian CommandError (exit code 1), no usage dump.
            raise CommandError(
                _("Неверные параметры команды (%(detail)s). Справка: technopark report --help")
                % {"detail": message}
            )

        parser.error = error
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--initiative", metavar="SLUG", help=_("короткое имя проекта"))
        parser.add_argument("--organisation", metavar="ID", help=_("номер организации"))
        parser.add_argument(
            "--with-children",
            action="store_true",
            help=_("вместе с организациями, которые входят в эту"),
        )
        parser.add_argument("--region", metavar="NAME", help=_("название региона"))
        parser.add_argument(
            "--format", default="json", help=_("json, docx, xlsx или pdf (по умолчанию json)")
        )
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=_("с даты"))
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=_("по дату"))
        parser.add_argument("-o", "--output", metavar="FILE", help=_("куда сохранить файл"))

    def handle(self, *args, **options):
        try:
            fmt = check_format(options["format"])
            scope = self._scope(options)
            date_from, date_to = parse_period(options["date_from"], options["date_to"])
            report = build_report(scope, date_from=date_from, date_to=date_to)
            content = render(report, fmt)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        output = options["output"]
        if fmt == "json" and not output:
            self.stdout.write(content.decode("utf-8"))
            return
        path = Path(output or file_name(report, fmt))
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(
                _("Не удалось сохранить отчёт в %(path)s: %(reason)s")
                % {"path": path, "reason": error.strerror or error}
            ) from None
        self.stderr.write(_("Отчёт сохранён: %(path)s") % {"path": path})

    def _scope(self, options) -> Scope:
        chosen = [n for n in ("initiative", "organisation", "region") if options.get(n)]
        if len(chosen) != 1:
            raise CommandError(_("Укажите ровно одно: --initiative, --organisation или --region."))
        if options["with_children"] and chosen[0] != "organisation":
            raise CommandError(_("--with-children относится только к --organisation."))
        if options["initiative"]:
            return Scope.initiative(find_initiative(options["initiative"]))
        if options["organisation"]:
            return Scope.organisation(
                find_organisation(options["organisation"]), options["with_children"]
            )
        return Scope.region(find_region(options["region"]))
