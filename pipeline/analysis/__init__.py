"""Corpus-wide analysis over the per-sentence tables: how the concept drifts over
time (`drift`) and how documents or groups of documents differ (`compare`).

Every number produced here carries the sentences it was computed from, as
`evidence` = semicolon-joined `doc_id:sent_id` references.
"""
