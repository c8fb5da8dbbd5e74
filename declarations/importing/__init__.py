"""Pure (Django-free, stdlib-only) parsers for the archive's source texts."""
