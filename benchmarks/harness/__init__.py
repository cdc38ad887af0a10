"""The application as gunicorn serves it in benchmarks: the product, plus a few benchmark-only
URLs under /__bench__/ (never part of the product's URLconf)."""
