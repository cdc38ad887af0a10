"""URLs of contests, collected from its view modules."""

app_name = "contests"
urlpatterns: list = []

from .views import entries, public  # noqa: E402

urlpatterns += public.urlpatterns + entries.urlpatterns
