"""The read-only JSON API under /api/v1/ (issue 15): a contract, so fields are added and never renamed."""
