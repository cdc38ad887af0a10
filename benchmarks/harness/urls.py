"""The product's URLs, then the benchmark-only ones (appended, so no product URL resolves
differently)."""

from django.urls import path

from technopark.urls import urlpatterns as product

from . import views

urlpatterns = [
    *product,
    path("__bench__/hot-event", views.hot_event),
    path("__bench__/locked-insert/<int:event_id>", views.locked_insert),
    path("__bench__/sample", views.sample),
    path("__bench__/login/<int:user_id>", views.login_as),
]
