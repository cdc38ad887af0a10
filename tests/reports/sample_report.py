"""The hand-made report the document tests use (it lives in the package: an uploaded template
is tried on it too)."""

from technopark.reports.documents.sample import SAMPLE, empty_report, sample_report

__all__ = ["SAMPLE", "empty_report", "sample_report"]
