from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
]
