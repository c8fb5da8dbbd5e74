"""The synthetic corpus for benchmarks and demos (issue 7): `manage.py generate_corpus`.

phrases.py holds the vocabulary, generator.py the deterministic pure generation, loader.py the bulk writes
(COPY on PostgreSQL, batched inserts on SQLite) and the removal of every synthetic document.
"""
