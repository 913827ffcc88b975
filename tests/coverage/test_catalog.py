"""The bundled catalogue and the loader's errors (every bad file names its path and line)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from govwatch.sources.catalog import BUNDLED, HEADER, CatalogError, Government, load_catalog, select

SHARED = Path("/work/shared/coverage/governments.tsv")


def test_bundled_catalogue_counts_match_its_provenance_note() -> None:
    govs = load_catalog()
    assert len(govs) == 3213
    assert Counter(g.level for g in govs) == {"province": 34, "prefecture": 333, "county": 2846}
    assert sum(1 for g in govs if g.portal) == 3207
    probes = Counter(g.probe for g in govs)
    assert probes["direct"] == 3015 and probes["none"] == 153 and probes["protocol-switch"] == 30
    assert probes["ua-mobile"] == 4 and probes["earlier-list"] == 3
    assert len({g.code for g in govs}) == 3213


def test_bundled_rows_read_as_written() -> None:
    govs = {g.code: g for g in load_catalog()}
    bj = govs["110101"]
    assert bj == Government("110101", "county", "北京市", "", "东城区", "https://www.bjdch.gov.cn/", "direct",
                            "https://www.bjdch.gov.cn/")
    assert bj.host == "www.bjdch.gov.cn" and bj.full_name == "北京市东城区"
    assert govs["710000"].portal == "" and govs["710000"].host == ""


@pytest.mark.skipif(not SHARED.exists(), reason="the shared copy is only on the team machine")
def test_bundled_file_is_the_shared_data() -> None:
    assert BUNDLED.read_bytes() == SHARED.read_bytes()


def test_select_by_province_and_code() -> None:
    govs = load_catalog()
    hubei = select(govs, province="湖北省")
    assert len(hubei) == 117 and all(g.province == "湖北省" for g in hubei)
    assert [g.name for g in select(govs, province="湖北省", codes=["420626"])] == ["保康县"]
    with pytest.raises(CatalogError, match=r"unknown division code.*999999"):
        select(govs, codes=["999999"])
    with pytest.raises(CatalogError, match="110101 in 湖北省"):
        select(govs, province="湖北省", codes=["110101"])


GOOD = "\t".join(HEADER) + "\n" + "420626\tcounty\t湖北省\t襄阳市\t保康县\thttp://www.baokang.gov.cn/\tdirect\t\n"


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty file"),
    ("code\tlevel\n", ":1: header is"),
    (GOOD + "420627\tcounty\t湖北省\t襄阳市\n", ":3: 4 columns, want 8"),
    (GOOD + "42062X\tcounty\t湖北省\t襄阳市\tx\t\t\t\n", ":3: code '42062X' is not a 6-digit"),
    (GOOD + "420627\ttown\t湖北省\t襄阳市\tx\t\t\t\n", ":3: level 'town'"),
    (GOOD + "420627\tcounty\t湖北省\t襄阳市\tx\tftp://x.gov.cn/\t\t\n", ":3: portal 'ftp://x.gov.cn/'"),
    (GOOD + "420626\tcounty\t湖北省\t襄阳市\tx\t\t\t\n", ":3: code 420626 already on line 2"),
    (GOOD + "420627\tcounty\t湖北省\t襄阳市\t\t\t\t\n", ":3: province and name are required"),
])
def test_bad_catalogue_names_path_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "govs.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"nope.tsv: cannot read"):
        load_catalog(tmp_path / "nope.tsv")
    path = tmp_path / "gbk.tsv"
    path.write_bytes(GOOD.encode("gbk"))
    with pytest.raises(CatalogError, match=r"gbk.tsv: not UTF-8"):
        load_catalog(path)


def test_replacement_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "govs.tsv"
    path.write_text(GOOD, encoding="utf-8")
    assert [g.name for g in load_catalog(path)] == ["保康县"]
