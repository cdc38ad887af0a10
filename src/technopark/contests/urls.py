"""URLs of contests, collected from its view modules."""

app_name = "contests"
urlpatterns: list = []
