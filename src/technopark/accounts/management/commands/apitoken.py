from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from technopark.accounts.models import User
from technopark.accounts.tokens import issue_token


class Command(BaseCommand):
    help = _("Выдаёт личный API-токен пользователю; токен печатается один раз.")

    def add_arguments(self, parser):
        parser.add_argument("email", help=_("электронная почта пользователя"))
        parser.add_argument(
            "--name", default="API", help=_("назначение токена, например «Выгрузка в 1С»")
        )

    def handle(self, *args, email, name, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(_("Пользователь с адресом %(email)s не найден.") % {"email": email})
        if not user.is_active:
            raise CommandError(
                _("Учётная запись %(email)s отключена: токен не выдан.") % {"email": user.email}
            )
        token, raw = issue_token(user, name=name)
        self.stderr.write(
            _(
                "Токен «%(name)s» для %(user)s выдан. Сохраните его сейчас — "
                "больше он показан не будет:"
            )
            % {"name": token.name, "user": user.email}
        )
        # The raw token alone on stdout, so a script can capture it.
        self.stdout.write(raw)
