"""Users: each acts for one node of the union tree with one role."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import Scope


class Role(models.TextChoices):
    CITY = "city", _("City cadre")
    DISTRICT = "district", _("District cadre")
    STREET = "street", _("Town or street cadre")
    GRASSROOTS = "grassroots", _("Grassroots cadre")
    VIEWER = "viewer", _("Read-only viewer")
    SYSTEM_ADMIN = "sysadmin", _("System administrator")
    SECURITY_ADMIN = "secadmin", _("Security administrator")
    AUDITOR = "auditor", _("Auditor")
    WORKER = "worker", _("Worker")


CADRE_ROLES = (Role.CITY, Role.DISTRICT, Role.STREET, Role.GRASSROOTS)
ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR)
# Roles bound to no union: the administrators, and workers (who sign in at the portal and see
# only their own applications, never organisation data).
UNBOUND_ROLES = (*ADMIN_ROLES, Role.WORKER)


class User(AbstractUser):
    """A person who signs in. Cadres and viewers are bound to a union; administrators and
    workers are not.

    The three administrator roles (三权分立) hold no business data: their scope is empty.
    """

    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    org = models.ForeignKey(
        "orgs.Union",
        verbose_name=_("union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # Made by the demo loader with a published password: refused under production settings.
    is_demo = models.BooleanField(_("demo account"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=UNBOUND_ROLES, org__isnull=True)
                | (~models.Q(role__in=UNBOUND_ROLES) & models.Q(org__isnull=False)),
                name="cadres_have_a_union_admins_and_workers_none",
            )
        ]

    @cached_property
    def scope(self) -> Scope:
        if self.role in UNBOUND_ROLES or self.org is None:
            return Scope.nothing()
        return self.org.as_scope()

    @property
    def may_edit(self) -> bool:
        """Cadres change the registry; viewers and administrators only read or administer."""
        return self.role in CADRE_ROLES

    @property
    def may_unmask(self) -> bool:
        return self.has_perm("members.unmask_personal_data")


class PasswordHistory(models.Model):
    """The hash of a password a user once had, so a new one cannot repeat the last few
    (等保 2.0: 口令历史). Written by `passwords.PasswordHistoryValidator.password_changed`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        verbose_name = _("former password")
        verbose_name_plural = _("former passwords")
        indexes = [models.Index(fields=["user", "-created_at"], name="password_history_recent")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class SignInFailures(models.Model):
    """Failed sign-ins of one typed username (existing or not, so a lock reveals nothing) in
    the current window, and the lock they led to. Rows in the database, so every gunicorn
    worker counts together; see `lockout.py`."""

    username = models.CharField(_("username"), max_length=150, unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    window_started_at = models.DateTimeField(_("window started"), null=True)
    locked_until = models.DateTimeField(_("locked until"), null=True)

    class Meta:
        verbose_name = _("failed sign-ins")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self) -> str:
        return self.username


class RequestRate(models.Model):
    """Requests of one kind (sign-in POSTs, SMS code requests) from one client address in the
    current window; see `rates.py`."""

    kind = models.CharField(_("kind"), max_length=20)
    address = models.CharField(_("client address"), max_length=45)
    window_started_at = models.DateTimeField(_("window started"), db_index=True)
    requests = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("request rate")
        verbose_name_plural = _("request rates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "address"], name="one_rate_per_kind_address")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.address}"


class TotpDevice(models.Model):
    """A user's authenticator app (双因素认证, RFC 6238): the shared secret, encrypted like
    personal data, and the last time step accepted, so each code is used once; see
    `second_factor.py`. Unconfirmed until the user typed a first code from it."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="totp_device", verbose_name=_("user")
    )
    secret_cipher = models.BinaryField(_("secret (encrypted)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_step = models.BigIntegerField(_("last step used"), default=0)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return str(self.user)
