"""The build's declared options (hooks/options.py): ``extra.qa`` in mkdocs.yml, checked before any page is read."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hooks"))

import options  # noqa: E402


def test_every_option_has_its_default_when_mkdocs_yml_sets_none():
    settings = options.load({}, "mkdocs.yml")
    assert (settings.handout, settings.handout_jobs, settings.handout_cache, settings.timings, settings.offline_budget) == (True, 2, "", False, 5_000_000)
    assert settings.handout_cache_dir(Path("/x/.cache")) == Path("/x/.cache/handout")


@pytest.mark.parametrize("value, expected", [(0, False), (1, True), (False, False), (True, True)])
def test_a_switch_takes_what_env_makes_of_0_and_1(value, expected):
    assert options.load({"qa": {"handout": value, "timings": value}}, "mkdocs.yml").handout is expected


@pytest.mark.parametrize("extra, named", [
    ({"qa": {"handuot": 0}}, "extra.qa.handuot"),          # a typo is not ignored
    ({"qa": {"handout": "no"}}, "extra.qa.handout"),
    ({"qa": {"handout_jobs": "two"}}, "extra.qa.handout_jobs"),
    ({"qa": {"handout_jobs": 0}}, "extra.qa.handout_jobs"),
    ({"qa": ["handout"]}, "extra.qa"),
])
def test_a_wrong_option_fails_naming_the_file_and_the_option(extra, named):
    with pytest.raises(PluginError) as error:
        options.load(extra, "site/mkdocs.yml")
    assert str(error.value).startswith("site/mkdocs.yml: ") and named in str(error.value)


def test_the_shell_reaches_the_options_through_env_in_mkdocs_yml(monkeypatch):
    """No stage reads the environment: HANDOUT, HANDOUT_JOBS, HANDOUT_CACHE and QA_TIMINGS arrive through
    mkdocs.yml's !ENV tags, parsed by MkDocs' own loader."""
    from mkdocs.utils.yaml import get_yaml_loader

    for name, value in {"HANDOUT": "0", "HANDOUT_JOBS": "3", "HANDOUT_CACHE": "/tmp/pdfs", "QA_TIMINGS": "1"}.items():
        monkeypatch.setenv(name, value)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    settings = options.load(config["extra"], "mkdocs.yml")
    assert (settings.handout, settings.handout_jobs, settings.handout_cache, settings.timings) == (False, 3, "/tmp/pdfs", True)


def test_no_stage_reads_the_environment_itself():
    """The options are read once, declared; a stage reading os.environ would bypass the check."""
    readers = [f"{path.name}:{n}" for path in sorted((ROOT / "hooks").glob("*.py"))
               for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if ("os.environ.get(" in line or "getenv(" in line) and "SOURCE_DATE_EPOCH" not in line]
    assert readers == []
