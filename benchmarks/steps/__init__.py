"""Generators of the benchmark data set; the import order below is the build order."""

from . import network, people  # noqa: F401
