"""The build's own options, declared: ``extra.qa`` in mkdocs.yml, validated when the build starts (not a hook).

MkDocs gives hooks no configuration of their own, so the options live under ``extra.qa`` and are
checked here with MkDocs' own schema machinery (``mkdocs.config.base.Config``), as a plugin's are: a
mistyped name or a wrong value fails the build at once with the option's name, before any page is
read. What a shell sets comes in through YAML's ``!ENV`` tag in mkdocs.yml, so no stage reads the
environment itself::

    extra:
      qa:
        handout: !ENV [HANDOUT, true]          # the PDF handouts and drill sheets (HANDOUT=0: none)
        handout_jobs: !ENV [HANDOUT_JOBS, 2]    # PDF layout processes
        handout_cache: !ENV [HANDOUT_CACHE, ""] # folder of laid-out PDFs ("": .cache/handout)
        timings: !ENV [QA_TIMINGS, false]      # log each stage's seconds and each process's peak memory
        offline_budget: 5000000                # bytes an edition's offline copy may hold (hooks/offline.py)

``!ENV`` reads a variable's value as YAML, so ``HANDOUT=0`` arrives as the number 0 and
``QA_TIMINGS=1`` as 1: a switch takes ``true``/``false`` or ``1``/``0``.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.exceptions import PluginError


class Switch(c.BaseConfigOption[bool]):
    """``true``/``false``, or ``1``/``0`` (what ``!ENV`` makes of ``HANDOUT=0``); anything else is an error."""

    def __init__(self, default: bool) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise ValidationError(f"expected true or false (or 1 or 0), got {value!r}")


class Options(Config):
    """``extra.qa`` of mkdocs.yml (see the module docstring)."""

    handout = Switch(default=True)
    handout_jobs = c.Type(int, default=2)
    handout_cache = c.Type(str, default="")
    timings = Switch(default=False)
    offline_budget = c.Type(int, default=5_000_000)

    def handout_cache_dir(self, cache: Path) -> Path:
        """The folder of laid-out PDFs: ``handout_cache``, or ``<cache>/handout`` when it is empty."""
        return Path(self.handout_cache) if self.handout_cache else cache / "handout"


def load(extra: dict | None, config_file: str) -> Options:
    """Validate ``extra.qa`` (absent: every default).

    Raises:
        PluginError: naming the file and the option: an unknown option (a typo would otherwise be
            ignored), a wrong type, or ``handout_jobs`` below 1.
    """
    raw = (extra or {}).get("qa") or {}
    if not isinstance(raw, dict):
        raise PluginError(f"{config_file}: extra.qa must be a mapping of options (see hooks/options.py), got {raw!r}")
    options = Options(config_file_path=config_file)
    options.load_dict(raw)
    failed, warnings = options.validate()
    problems = [f"extra.qa.{name}: {error}" for name, error in failed]
    problems += [f"extra.qa.{name}: {warning}" for name, warning in warnings]  # unknown options are warnings
    if not failed and options.offline_budget < 1:
        problems.append(f"extra.qa.offline_budget: expected a number of bytes, got {options.offline_budget}")
    if not failed and options.handout_jobs < 1:
        problems.append(f"extra.qa.handout_jobs: expected 1 or more PDF layout processes, got {options.handout_jobs}")
    if problems:
        raise PluginError(f"{config_file}: " + "; ".join(problems) + " (the options are listed in hooks/options.py)")
    return options
