"""Report pages: the initiative report, the dashboard and the DOCX template settings.

`urlpatterns` here are the pages of this package; reports/urls.py adds them to the app's."""

from . import dashboard, initiative, template

urlpatterns = [*dashboard.urlpatterns, *initiative.urlpatterns, *template.urlpatterns]
