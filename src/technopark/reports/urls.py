"""URLs of reports, collected from its view modules."""

app_name = "reports"
urlpatterns: list = []
