"""Event URLs, collected from the view modules of each area (public, manage, check-in …)."""

app_name = "events"
urlpatterns: list = []

from .views import manage, manage_program, public  # noqa: E402

urlpatterns += public.urlpatterns + manage.urlpatterns + manage_program.urlpatterns

from .views import after, checkin, documents  # noqa: E402

urlpatterns += checkin.urlpatterns + after.urlpatterns + documents.urlpatterns

from .views import initiatives  # noqa: E402

urlpatterns += initiatives.urlpatterns
