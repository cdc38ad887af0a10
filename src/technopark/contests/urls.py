"""URLs of contests, collected from its view modules."""

app_name = "contests"
urlpatterns: list = []

from .views import entries, jury, manage, manage_jury, manage_results, public  # noqa: E402

urlpatterns += public.urlpatterns + entries.urlpatterns + jury.urlpatterns
urlpatterns += manage_jury.urlpatterns + manage_results.urlpatterns + manage.urlpatterns
