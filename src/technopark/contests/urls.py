"""URLs of contests, collected from its view modules."""

app_name = "contests"
urlpatterns: list = []

from .views import (  # noqa: E402
    entries,
    jury,
    manage,
    manage_jury,
    manage_results,
    manage_stages,
    public,
)

urlpatterns += public.urlpatterns + entries.urlpatterns + jury.urlpatterns
urlpatterns += manage_jury.urlpatterns + manage_results.urlpatterns + manage_stages.urlpatterns
urlpatterns += manage.urlpatterns
