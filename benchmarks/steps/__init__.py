"""Generators of the benchmark data set; the import order is the build order (events imports
network and people itself, so they register first whatever the alphabet says)."""

from . import network, people  # noqa: F401, I001
from . import events  # noqa: F401, E402
