"""User-facing outputs: the HTML report, static figures, metrics and the REFI-QDA export."""
