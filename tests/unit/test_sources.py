"""Config validation: every error names the source and the key."""

from __future__ import annotations

import pytest

from govwatch.sources import ConfigError, load_config, load_config_text

GOOD = """
defaults:
  delay: 0.5
  retries: 4
sources:
  - id: a
    name: 甲区
    start_urls: [http://a.gov.cn/col/index.html]
  - id: b
    name: 乙县
    start_urls: ["https://b.gov.cn/x/"]
    delay: 3
    match: "年度报告"
"""


def test_defaults_apply_and_sources_override() -> None:
    cfg = load_config_text(GOOD)
    a, b = cfg.sources
    assert (a.delay, a.retries, a.timeout) == (0.5, 4, 30.0)
    assert (b.delay, b.retries) == (3.0, 4)
    assert b.tracks("2023年度报告") and not b.tracks("法治政府建设情况报告")
    assert a.tracks("关于2023年度法治政府建设工作情况的报告")
    assert not a.tracks("【政策解读】《关于2023年度法治政府建设工作情况的报告》解读")


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("    dely: 2\n", "source 'x': key 'dely': unknown key"),
        ("    delay: fast\n", "source 'x': key 'delay':"),
        ("    delay: -1\n", "source 'x': key 'delay':"),
        ("    retries: 1.5\n", "source 'x': key 'retries':"),
        ("    match: '(unclosed'\n", "source 'x': key 'match': invalid regular expression"),
        ("    exclude: '*bad'\n", "source 'x': key 'exclude': invalid regular expression"),
        ("    timeout: 0\n", "source 'x': key 'timeout':"),
        ("    drop: div.nav\n", "source 'x': key 'drop':"),
    ],
)
def test_bad_keys_name_source_and_key(snippet: str, expected: str) -> None:
    text = "sources:\n  - id: x\n    name: X\n    start_urls: [http://x.gov.cn/]\n" + snippet
    with pytest.raises(ConfigError) as info:
        load_config_text(text)
    assert expected in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sources:\n  - id: x\n    name: X\n    start_urls: [ftp://x.gov.cn/]\n",
         "source 'x': key 'start_urls': not an http(s) URL"),
        ("sources:\n  - id: x\n    name: X\n    start_urls: []\n", "key 'start_urls'"),
        ("sources:\n  - id: x\n    name: X\n", "source 'x': key 'start_urls': Field required"),
        ("sources:\n  - name: X\n    start_urls: [http://x/]\n", "source #1: key 'id': Field required"),
        ("sources:\n  - id: Bad Id\n    name: X\n    start_urls: [http://x/]\n", "source 'Bad Id': key 'id'"),
        ("defaults:\n  delay: x\nsources:\n  - id: x\n    name: X\n    start_urls: [http://x/]\n",
         "defaults: key 'delay'"),
        ("defaults:\n  colour: red\nsources: []\n", "defaults: key 'colour': unknown key"),
        ("sources: []\n", "key 'sources'"),
        ("source:\n  - id: x\n", "key 'source': unknown key"),
        ("sources: [\n", "not valid YAML"),
        ("- 1\n", "top level"),
        ("sources:\n  - id: x\n    name: X\n    start_urls: [http://x/]\n"
         "  - id: x\n    name: Y\n    start_urls: [http://y/]\n", "source 'x': key 'id': duplicate id"),
    ],
)
def test_structural_errors(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config_text(text)
    assert expected in str(info.value)


def test_select_unknown_source_is_an_error() -> None:
    cfg = load_config_text(GOOD)
    assert [s.id for s in cfg.select(["b"])] == ["b"]
    with pytest.raises(ConfigError, match="unknown source id"):
        cfg.select(["zz"])


def test_hosts_include_allow_hosts() -> None:
    cfg = load_config_text(GOOD.replace("    delay: 3\n", "    delay: 3\n    allow_hosts: [cdn.b.gov.cn]\n"))
    assert cfg.sources[1].hosts == frozenset({"b.gov.cn", "cdn.b.gov.cn"})


def test_missing_file_is_a_config_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "nope.yaml")


def test_env_var_names_the_config(tmp_path, monkeypatch) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("GOVWATCH_CONFIG", str(path))
    assert load_config().path == path


def test_bundled_config_is_valid() -> None:
    cfg = load_config("config/sources.yaml")
    assert len(cfg.sources) >= 30
    assert all(not s.verified for s in cfg.sources)
