import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from technopark.core.files import storage_name
from technopark.core.models import TimeStamped


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("администратор")
    METHODIST = "methodist", _("методист")
    TEACHER = "teacher", _("педагог")
    PUPIL = "pupil", _("обучающийся")
    GUARDIAN = "guardian", _("родитель (законный представитель)")
    JURY = "jury", _("член жюри")
    PARTNER = "partner", _("партнёр")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # No address is longer than 254 characters; refusing early also keeps SQLite's LIKE
        # (used by iexact) under its pattern limit when a login form receives garbage.
        if len(email) > 254:
            raise self.model.DoesNotExist
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


def avatar_path(instance, filename: str) -> str:
    # A random name: the uploaded file name is never trusted nor shown in URLs. The service
    # renames the upload after checking its content, so the extension here is the real one.
    return storage_name("avatars", filename.rsplit(".", 1)[-1])


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address."""

    email = models.EmailField(_("электронная почта"), unique=True)
    last_name = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100)
    patronymic = models.CharField(_("отчество"), max_length=100, blank=True)
    phone = models.CharField(_("телефон"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.CharField(_("должность"), max_length=200, blank=True)
    avatar = models.ImageField(_("фотография"), upload_to=avatar_path, blank=True)
    language = models.CharField(
        _("язык интерфейса"), max_length=8, choices=settings.LANGUAGES, default="ru"
    )
    is_active = models.BooleanField(_("активен"), default=True)
    is_staff = models.BooleanField(_("доступ к администрированию"), default=False)
    date_joined = models.DateTimeField(_("зарегистрирован"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("обезличен"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def role_set(self) -> set[str]:
        # Cached per instance: a page asks many times, the memberships table answers once.
        if not hasattr(self, "_role_set"):
            self._role_set = (
                set(self.memberships.values_list("role", flat=True)) if self.pk else set()
            )
        return self._role_set

    def has_any_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.role_set.intersection(roles))

    def has_role_in(self, role: str, organisation) -> bool:
        """`role` held in `organisation` itself or in one of its parents."""
        if self.is_superuser:
            return True
        org_ids = {organisation.pk, *organisation.ancestor_ids()} if organisation else set()
        return self.memberships.filter(role=role, organisation_id__in=org_ids).exists()


class Membership(models.Model):
    """A role a person holds, scoped to an organisation (None = the whole installation)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    granted_at = models.DateTimeField(_("назначена"), auto_now_add=True)

    class Meta:
        verbose_name = _("роль пользователя")
        verbose_name_plural = _("роли пользователей")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="membership_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(organisation=None),
                name="membership_unique_global",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}" + (
            f" ({self.organisation})" if self.organisation_id else ""
        )


class ConsentText(models.Model):
    """A version of the consent to personal-data processing that guardians sign."""

    version = models.CharField(_("версия"), max_length=20, unique=True)
    title = models.CharField(_("заголовок"), max_length=200)
    body = models.TextField(_("текст согласия"))
    publication_clause = models.TextField(_("текст согласия на публикацию"))
    effective_from = models.DateField(_("действует с"))

    class Meta:
        verbose_name = _("текст согласия")
        verbose_name_plural = _("тексты согласий")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @classmethod
    def current(cls) -> "ConsentText | None":
        return cls.objects.filter(effective_from__lte=timezone.localdate()).first()


class ChildProfile(TimeStamped):
    """A minor's personal data, owned by a guardian; never saved without a recorded consent."""

    guardian = models.ForeignKey(
        User,
        verbose_name=_("родитель (законный представитель)"),
        on_delete=models.CASCADE,
        related_name="children",
    )
    account = models.OneToOneField(
        User,
        verbose_name=_("учётная запись ребёнка"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="child_profile",
    )
    last_name = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100)
    patronymic = models.CharField(_("отчество"), max_length=100, blank=True)
    birth_date = models.DateField(_("дата рождения"))
    school = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("учреждение образования"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    grade = models.CharField(_("класс"), max_length=20, blank=True)
    anonymised_at = models.DateTimeField(_("обезличен"), null=True, blank=True)

    class Meta:
        verbose_name = _("ребёнок")
        verbose_name_plural = _("дети")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name) if p)

    @property
    def consent(self) -> "GuardianConsent | None":
        return self.consents.filter(withdrawn_at=None).order_by("-given_at").first()


class GuardianConsent(models.Model):
    """Who consented for which child, when, to which text; may the name/photo be published."""

    child = models.ForeignKey(ChildProfile, on_delete=models.CASCADE, related_name="consents")
    guardian = models.ForeignKey(User, on_delete=models.PROTECT, related_name="consents_given")
    text = models.ForeignKey(
        ConsentText, verbose_name=_("текст согласия"), on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("дано"), default=timezone.now)
    allow_publication = models.BooleanField(_("можно публиковать имя и фото"), default=False)
    ip = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("отозвано"), null=True, blank=True)

    class Meta:
        verbose_name = _("согласие на обработку персональных данных")
        verbose_name_plural = _("согласия на обработку персональных данных")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.child} — {self.text.version} ({self.given_at:%d.%m.%Y})"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("назначение"), max_length=100)
    prefix = models.CharField(_("начало токена"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("выдан"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("последнее использование"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-токен")
        verbose_name_plural = _("API-токены")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


class ErasureRequest(models.Model):
    """A person asked to erase their data; an administrator carries it out by anonymising."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="erasure_requests")
    requested_at = models.DateTimeField(_("запрошено"), auto_now_add=True)
    reason = models.TextField(_("причина"), blank=True)
    completed_at = models.DateTimeField(_("выполнено"), null=True, blank=True)

    class Meta:
        verbose_name = _("запрос на удаление данных")
        verbose_name_plural = _("запросы на удаление данных")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.requested_at:%d.%m.%Y})"
