"""The performance harness: a data generator (generate.py) and a load runner (run.py)."""
