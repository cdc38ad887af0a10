"""Figure groups of the period report (events, people, contests and feedback)."""
