"""The study guide's core: a pure-Python model of the question bank.

Nothing in this package imports MkDocs, and its imports form no circle. The flow is:

    docs/*.md ──parse──▶ TopicPage[Question] ──dedup──▶ shown questions ──numbering, translation──▶
        Edition per locale (edition, regional) ──▶ topic page Markdown (render), glossary pages
        (glossary, glossary_render), search records (search), handout and drill sheet (handout, pdf),
        Anki deck (anki), study data (study), mock interview (mock)

`hooks/` adapts these functions to MkDocs events; tests call them directly.
"""
