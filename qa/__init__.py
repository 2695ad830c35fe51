"""The study guide's core: a pure-Python model of the question bank.

Nothing in this package imports MkDocs, and its imports form no circle. The flow is:

    docs/*.md ──parse (source, model)──▶ TopicPage[Question] ──dedup (normalize, similarity, carried)──▶
        shown questions ──metadata, numbering, translation, lint──▶
        Edition per locale (edition; regional: Taiwan wording and the 简体中文 script) ──▶
        topic page Markdown (render), glossary pages (glossary, glossary_render), search records and
        bundles (search, search_fold, search_read, search_bundle, query_words), handout and drill sheet
        (handout, pdf, pdf_glyphs), Anki deck (anki), study data and mock interview (study, keypoints,
        mock), reader tools (reader); question_html cuts each rendered answer out of its page for the
        deck and the handout

Support: errors (located content errors), simplified_chars (the lint's table), seed_import (the one-time
split of the seed into topic pages).

`hooks/` adapts these functions to MkDocs events; tests call them directly.
"""
