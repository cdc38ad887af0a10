"""gunicorn benchmarks.harness.wsgi — the product plus the /__bench__/ URLs."""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.harness.settings"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
