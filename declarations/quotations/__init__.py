"""Quotations: news paragraphs linked to the declaration paragraphs they quote or paraphrase (issue 17).

matching.py finds them (pure); links.py keeps them in the database beside staff decisions; quality.py measures
them against a labelled set.
"""
