"""The main menu and the home page's "what you can do here": each item names the rule that shows
it, so a user sees only what they may open. Apps append their items here as they arrive."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .permissions import Rule, rules

# Django's admin lets in only staff accounts, whatever their role.
django_admin = Rule(
    "django_admin",
    _("сотрудники с доступом к администрированию"),
    lambda u, o: bool(u.is_authenticated and u.is_active and u.is_staff),
)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    rule: Rule


@dataclass(frozen=True)
class HomeCard:
    title: str | Promise
    text: str | Promise
    url_name: str
    rule: Rule


def items() -> list[NavItem]:
    """Apps append here as they arrive (events, contests, reports …)."""
    from technopark.contests.rules import is_judge

    return [
        NavItem(_("Главная"), "core:home", rules.public),
        NavItem(_("Календарь"), "events:calendar", rules.public),
        NavItem(_("Мои регистрации"), "events:my_registrations", rules.authenticated),
        NavItem(_("Конкурсы"), "contests:list", rules.public),
        NavItem(_("Работа жюри"), "contests:jury", is_judge),
        NavItem(_("Мероприятия"), "events:manage_list", rules.staff),
        NavItem(_("Управление конкурсами"), "contests:manage_list", rules.staff),
        NavItem(_("Проекты"), "events:initiative_list", rules.staff),
        NavItem(_("Отчёты"), "reports:dashboard", rules.staff),
        NavItem(_("Организации"), "network:organisation_list", rules.authenticated),
        NavItem(_("Мои дети"), "accounts:children", rules.role("guardian")),
        NavItem(_("Журнал аудита"), "core:audit_log", rules.administrator),
        NavItem(_("Администрирование"), "admin:index", django_admin),
    ]


def home_cards() -> list[HomeCard]:
    """What a signed-in person can do now, in the order they are likely to need it."""
    from technopark.contests.rules import is_judge

    return [
        HomeCard(
            _("Работа жюри"),
            _("Назначенные вам работы, оценка по критериям и ход оценки."),
            "contests:jury",
            is_judge,
        ),
        HomeCard(
            _("Календарь мероприятий"),
            _("Семинары, мастер-классы, конкурсы и круглые столы: запись в пару касаний."),
            "events:calendar",
            rules.authenticated,
        ),
        HomeCard(
            _("Мои регистрации"),
            _("Куда вы записаны, QR-код для входа, отмена участия."),
            "events:my_registrations",
            rules.authenticated,
        ),
        HomeCard(
            _("Конкурсы и отборы"),
            _("Положение, номинации, сроки и итоги конкурсов; подача работы с телефона."),
            "contests:list",
            rules.authenticated,
        ),
        HomeCard(
            _("Мои работы"),
            _("Поданные работы: изменить до срока, отозвать, скачать диплом."),
            "contests:my_entries",
            rules.authenticated,
        ),
        HomeCard(
            _("Мероприятия организации"),
            _("Создайте очное, онлайн- или гибридное мероприятие, ведите регистрацию и отметки."),
            "events:manage_list",
            rules.staff,
        ),
        HomeCard(
            _("Проекты и планы"),
            _("Статус площадки, план мероприятий и что уже проведено."),
            "events:initiative_list",
            rules.staff,
        ),
        HomeCard(
            _("Управление конкурсами"),
            _("Работы по номинациям, жюри, итоги и их публикация, протокол и дипломы."),
            "contests:manage_list",
            rules.staff,
        ),
        HomeCard(
            _("Отчёты и показатели"),
            _(
                "Итоги за период в DOCX, XLSX и PDF; каждая цифра ведёт к записям, "
                "из которых она взята."
            ),
            "reports:dashboard",
            rules.staff,
        ),
        HomeCard(
            _("Мои дети"),
            _(
                "Добавьте ребёнка, дайте согласие на обработку данных и "
                "управляйте разрешением на публикацию."
            ),
            "accounts:children",
            rules.role("guardian"),
        ),
        HomeCard(
            _("Организации"),
            _("Технопарки, центры, школы и партнёры сети: контакты, подчинённость, люди с ролями."),
            "network:organisation_list",
            rules.authenticated,
        ),
        HomeCard(
            _("Добавить организацию"),
            _("Внесите новое учреждение в справочник сети."),
            "network:organisation_create",
            rules.staff,
        ),
        HomeCard(
            _("Муниципалитеты"),
            _("Справочник территорий для статистики участников."),
            "network:municipality_list",
            rules.authenticated,
        ),
        HomeCard(
            _("Мой профиль"),
            _("Имя, контакты, фотография, пароль, API-токены и выгрузка ваших данных."),
            "accounts:profile",
            rules.authenticated,
        ),
        HomeCard(
            _("Журнал аудита"),
            _("Кто и что менял, кто смотрел и выгружал персональные данные."),
            "core:audit_log",
            rules.administrator,
        ),
        HomeCard(
            _("Администрирование"),
            _("Пользователи, роли, справочники и тексты согласий."),
            "admin:index",
            django_admin,
        ),
    ]


def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:  # the page's app is not installed or not built yet
        return None


def for_user(user) -> list[dict]:
    entries = [
        {"label": item.label, "url": _url(item.url_name)}
        for item in items()
        if item.rule.allows(user)
    ]
    return [e for e in entries if e["url"]]


def cards_for(user) -> list[dict]:
    entries = [
        {"title": c.title, "text": c.text, "url": _url(c.url_name)}
        for c in home_cards()
        if c.rule.allows(user)
    ]
    return [e for e in entries if e["url"]]
