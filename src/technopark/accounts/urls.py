from django.contrib.auth import views as auth_views
from django.urls import path

from technopark.core.permissions import declare, rules

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", declare(rules.public)(
        auth_views.LoginView.as_view(template_name="accounts/login.html",
                                     redirect_authenticated_user=True)), name="login"),
    path("logout/", declare(rules.public)(auth_views.LogoutView.as_view()), name="logout"),
    path("children/", views.children, name="children"),
    path("profile/", views.profile, name="profile"),
    path("signup/", views.signup, name="signup"),
]
