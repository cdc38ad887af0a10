"""Report pages: the dashboard, the initiative report, the DOCX template settings and the
records behind a figure.

`urlpatterns` lists every page of this package; reports/urls.py adds them to the app's."""

from . import dashboard, initiative, records, template

urlpatterns = [
    *dashboard.urlpatterns,
    *initiative.urlpatterns,
    *template.urlpatterns,
    *records.urlpatterns,
]
