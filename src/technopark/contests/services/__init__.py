"""Services of contests.

entries, lifecycle, stages (entries helper); jury, scoring, results, documents (jury helper).
"""
