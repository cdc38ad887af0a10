"""The product's settings with the benchmark URLconf; nothing else differs."""

from technopark.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.harness.urls"
