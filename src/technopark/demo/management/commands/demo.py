from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Загружает демонстрационные данные (повторный запуск ничего не дублирует)."

    def handle(self, *args, **options):
        from technopark.demo.loader import load

        summary = load()
        self.stdout.write(summary)
