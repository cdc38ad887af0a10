from django.core.management.base import BaseCommand

from technopark.demo.people import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Печатает адрес платформы и демонстрационные учётные записи."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        lines = [
            "",
            f"  Технопарк: {url}",
            f"  API: {url}api/v1/docs",
            "",
            f"  Демонстрационные входы (пароль у всех: {DEMO_PASSWORD}):",
        ]
        lines += [f"    {role:<28} {email}" for role, email in demo_logins()]
        lines += ["", "  Остановить: Ctrl-C", ""]
        self.stdout.write("\n".join(lines))
