from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from technopark.core.permissions import declare, rules

from . import views

app_name = "accounts"


def _auth_view(rule, view_class, template: str, **kwargs):
    return declare(rule)(view_class.as_view(template_name=f"accounts/{template}.html", **kwargs))


urlpatterns = [
    path(
        "login/",
        _auth_view(rules.public, auth_views.LoginView, "login", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", declare(rules.public)(auth_views.LogoutView.as_view()), name="logout"),
    path("signup/", views.signup, name="signup"),
    path(
        "password/change/",
        _auth_view(
            rules.authenticated,
            auth_views.PasswordChangeView,
            "password_change",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        _auth_view(rules.authenticated, auth_views.PasswordChangeDoneView, "password_change_done"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        _auth_view(
            rules.public,
            auth_views.PasswordResetView,
            "password_reset",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        _auth_view(rules.public, auth_views.PasswordResetDoneView, "password_reset_done"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        _auth_view(
            rules.public,
            auth_views.PasswordResetConfirmView,
            "password_reset_confirm",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        _auth_view(rules.public, auth_views.PasswordResetCompleteView, "password_reset_complete"),
        name="password_reset_complete",
    ),
    path("profile/", views.profile, name="profile"),
    path("profile/avatar/", views.avatar, name="avatar"),
    path("profile/tokens/", views.token_issue, name="token_issue"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("profile/export/", views.export, name="export"),
    path("profile/erasure/", views.erasure, name="erasure"),
    path("children/", views.children, name="children"),
    path("children/consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path(
        "children/consents/<int:pk>/unpublish/",
        views.publication_withdraw,
        name="publication_withdraw",
    ),
]
