"""The site's editions: one per reader language, each with its own pages, navigation and search index.

Pure Python, no MkDocs. The Traditional Chinese pages (``docs/<slug>.md``) are the source of both Chinese
editions; the English pages (``docs/<slug>.en.md``) hold the English answers.

============  ===========  ======================================================================
locale        at           made from
============  ===========  ======================================================================
``zh-Hant``   ``/``        the Chinese pages, in Taiwan usage (:class:`qa.regional.Taiwan`)
``zh-Hans``   ``/zh-Hans/`` the Chinese pages, in Simplified script and mainland usage
                           (:class:`qa.regional.Mainland`, from the Taiwan-worded text)
``en``        ``/en/``     the English pages; a missing translation shows the Chinese answer
============  ===========  ======================================================================

Reader-facing strings are written once per language, in Traditional Chinese and English
(:func:`words`); the 简体中文 edition's are the Traditional ones converted with the edition's text.
"""
from __future__ import annotations

#: the editions, default first (the order of mkdocs.yml's i18n languages)
LOCALES = ("zh-Hant", "zh-Hans", "en")
#: the locale of the Chinese source pages and of the strings the Chinese editions share
SOURCE_LOCALE = "zh-Hant"


def words(locale: str) -> str:
    """The locale whose written strings (labels, notes) an edition shows: ``"en"`` for English, else
    ``"zh-Hant"`` (the 简体中文 edition converts them with its text)."""
    return "en" if locale == "en" else SOURCE_LOCALE


def is_english(locale: str) -> bool:
    """Whether the edition shows the English answers (``docs/<slug>.en.md``)."""
    return locale == "en"


def lang(locale: str) -> str:
    """The ``lang`` of the edition's Chinese text: the edition's own locale for a Chinese edition, the
    source's (``zh-Hant``) for Chinese text left on an English page."""
    return SOURCE_LOCALE if locale == "en" else locale
