"""The study guide's core: a pure-Python model of the question bank.

Nothing in this package imports MkDocs. The flow is:

    docs/*.md ──parse──▶ TopicPage[Question] ──dedup──▶ shown questions ──▶ nav / glossary / handout

`hooks/` adapts these functions to MkDocs events; tests call them directly.
"""
