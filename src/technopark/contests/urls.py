"""URLs of contests, collected from its view modules."""

app_name = "contests"
urlpatterns: list = []

from .views import entries, jury, public  # noqa: E402

urlpatterns += public.urlpatterns + entries.urlpatterns + jury.urlpatterns
