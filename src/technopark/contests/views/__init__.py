"""Pages of contests, one module per area: public, entries (submit and my works), jury
(the judge's workspace), manage (the organiser's dashboard) and documents (downloads)."""
