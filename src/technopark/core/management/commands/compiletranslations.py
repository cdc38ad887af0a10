"""Compile every app's .po files to .mo with polib, so setup needs no GNU gettext."""

from pathlib import Path

import polib
from django.core.management.base import BaseCommand

import technopark


class Command(BaseCommand):
    help = "Компилирует файлы переводов (.po → .mo) всех приложений Технопарка."
    requires_system_checks: list = []

    def handle(self, *args, **options):
        root = Path(technopark.__file__).parent
        compiled = 0
        for po_path in root.glob("*/locale/*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        if options["verbosity"] > 1 or compiled:
            self.stdout.write(f"translations: {compiled} file(s) compiled")
