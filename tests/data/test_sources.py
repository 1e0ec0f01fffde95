"""Each kind of source read into figures, and each error naming the place in the source."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from reportgen.errors import InputError

GDP_CSV = "区县,2015,2020\n管城,329,674\n金水,1000,1500\n"


def gdp_figure(source: str, selector: str = 'row: 管城, column: "2020"') -> str:
    return f"""
figures:
  gdp:
    label: {{zh: 地区生产总值, en: GDP}}
    from: {{source: {source}, {selector}}}
"""


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", GDP_CSV.encode("utf-8")),
        ("utf-8 with BOM", b"\xef\xbb\xbf" + GDP_CSV.encode("utf-8")),
        ("GB18030 (Excel on Chinese Windows)", GDP_CSV.encode("gb18030")),
        ("semicolons", GDP_CSV.replace(",", ";").encode("utf-8")),
        ("tabs", GDP_CSV.replace(",", "\t").encode("gb18030")),
    ],
)
def test_csv_encodings_and_delimiters_detected(tmp_path, content, encoding, data):
    (tmp_path / "gdp.csv").write_bytes(data)
    loaded = content("data:\n  gdp: {file: gdp.csv, key: 区县, unit: CNY, scale: 1e8}\n" + gdp_figure("gdp"))
    fig = loaded.content.figures["gdp"]
    assert (fig.value, fig.unit, fig.period) == (67400000000.0, "CNY", "2020")
    assert loaded.data.bound["figures.gdp"] == 'gdp.csv:2: column "2020"'


def test_csv_stated_encoding_and_delimiter(tmp_path, content):
    (tmp_path / "gdp.csv").write_bytes(GDP_CSV.replace(",", "|").encode("gb18030"))
    decl = "data:\n  gdp: {file: gdp.csv, key: 区县, unit: CNY, scale: 1e8, encoding: gb18030, delimiter: '|'}\n"
    assert content(decl + gdp_figure("gdp")).content.figures["gdp"].value == 67400000000.0


def test_csv_not_a_number_names_line_and_column(tmp_path, content):
    lines = ["区县,2015,2020"] + [f"区{i},1,2" for i in range(11)] + ["管城,329,67.4亿"]
    (tmp_path / "gdp.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        content("data:\n  gdp: {file: gdp.csv, key: 区县, unit: CNY}\n" + gdp_figure("gdp"))
    assert str(err.value) == 'gdp.csv:13: column "2020": "67.4亿" is not a number'


def test_csv_row_missing(tmp_path, content):
    (tmp_path / "gdp.csv").write_text(GDP_CSV, encoding="utf-8")
    with pytest.raises(InputError, match='^gdp.csv: no row for 区县 "二七"$'):
        content(
            "data:\n  gdp: {file: gdp.csv, key: 区县, unit: CNY}\n" + gdp_figure("gdp", 'row: 二七, column: "2020"')
        )


def test_unit_and_period_stated_once_per_column(tmp_path, content):
    (tmp_path / "d.csv").write_text("name,pop,share\nA,64.5,5.5\n", encoding="utf-8")
    loaded = content(
        """data:
  d:
    file: d.csv
    key: name
    columns:
      pop: {unit: count, measure: 人, scale: 10000, period: "2020"}
      share: {unit: percent, period: "2020"}
figures:
  pop: {label: {zh: 人口, en: Population}, from: {source: d, row: A, column: pop}}
  share: {label: {zh: 占比, en: Share}, from: {source: d, row: A, column: share}}
"""
    )
    pop, share = loaded.content.figures["pop"], loaded.content.figures["share"]
    assert (pop.value, pop.unit, pop.measure, pop.period) == (645000.0, "count", "人", "2020")
    assert (share.value, share.unit) == (5.5, "percent")


def test_a_figure_contradicting_its_column_is_an_error(tmp_path, content):
    (tmp_path / "gdp.csv").write_text(GDP_CSV, encoding="utf-8")
    text = "data:\n  gdp: {file: gdp.csv, key: 区县, unit: CNY}\n" + gdp_figure("gdp") + "    unit: USD\n"
    with pytest.raises(
        InputError, match=r"briefing.yaml:\d+: figures.gdp.unit: unit 'USD' differs from the data column's 'CNY'"
    ):
        content(text)


def _workbook(path, empty_c7=True):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["title row of the table"])
    sheet.append([])
    sheet.append(["indicator", "2015", "2020"])
    sheet.append(["gdp", 329, 674])
    sheet.append(["revenue", 22.9, 53.9])
    sheet.append(["exports", 198.6, 278])
    sheet.append(["projects", 900, None if empty_c7 else 974])
    book.create_sheet("Other").append(["x"])
    book.save(path)


def test_xlsx_cell_and_row(tmp_path, content):
    _workbook(tmp_path / "indicators.xlsx")
    loaded = content(
        """data:
  ind: {file: indicators.xlsx, sheet: Sheet1, range: A3:C7, key: indicator, unit: CNY, scale: 100000000}
figures:
  gdp: {label: {zh: 地区生产总值, en: GDP}, from: {source: ind, cell: C4}}
  revenue: {label: {zh: 收入, en: Revenue}, from: {source: ind, row: revenue, column: "2015"}}
"""
    )
    gdp, revenue = loaded.content.figures["gdp"], loaded.content.figures["revenue"]
    assert (gdp.value, gdp.period) == (67400000000.0, "2020")
    assert (revenue.value, revenue.period) == (2290000000.0, "2015")
    assert loaded.data.bound == {
        "figures.gdp": "indicators.xlsx!Sheet1!C4",
        "figures.revenue": "indicators.xlsx!Sheet1!B5",
    }


def test_xlsx_empty_cell_named(tmp_path, content):
    _workbook(tmp_path / "indicators.xlsx")
    with pytest.raises(InputError) as err:
        content(
            "data:\n  ind: {file: indicators.xlsx, range: A3:C7, unit: count}\n"
            "figures:\n  p: {label: {zh: 项目, en: Projects}, from: {source: ind, cell: C7}}\n"
        )
    assert str(err.value) == "indicators.xlsx!Sheet1!C7: empty cell"


def test_xlsx_unknown_sheet(tmp_path, content):
    _workbook(tmp_path / "indicators.xlsx")
    with pytest.raises(
        InputError, match=r'data.ind.sheet: indicators.xlsx has no sheet "Sheet9" \(sheets: Sheet1, Other\)'
    ):
        content(
            "data:\n  ind: {file: indicators.xlsx, sheet: Sheet9, unit: count}\n"
            "figures:\n  p: {label: {zh: 项目, en: Projects}, from: {source: ind, cell: C7}}\n"
        )


def _database(path):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE stats (district TEXT, year INTEGER, gdp REAL)")
    db.executemany(
        "INSERT INTO stats VALUES (?, ?, ?)",
        [("管城", 2016, 400.1), ("管城", 2020, 674), ("金水", 2020, 1500)],
    )
    db.commit()
    db.close()


SQL = """data:
  stats:
    file: stats.sqlite
    query: "SELECT year, gdp FROM stats WHERE district = :district ORDER BY year"
    unit: CNY
    scale: 1e8
params: {district: 管城}
"""


def test_sqlite_query_with_parameters(tmp_path, content):
    _database(tmp_path / "stats.sqlite")
    loaded = content(
        SQL
        + """figures:
  gdp: {label: {zh: 地区生产总值, en: GDP}, period: "2020", from: {source: stats, where: {year: 2020}, column: gdp}}
series:
  trend: {label: {zh: 地区生产总值, en: GDP}, from: {source: stats, period: year, value: gdp}}
"""
    )
    assert loaded.content.figures["gdp"].value == 67400000000.0
    points = [(p.period, p.value) for p in loaded.content.series["trend"].points]
    assert points == [("2016", 40010000000.0), ("2020", 67400000000.0)]
    entry = loaded.data.files["stats.sqlite"]
    assert entry["queries"] == ["SELECT year, gdp FROM stats WHERE district = :district ORDER BY year"]


def test_sqlite_no_row_names_the_parameter(tmp_path, content):
    _database(tmp_path / "stats.sqlite")
    text = SQL + 'figures:\n  gdp: {label: {zh: 总值, en: GDP}, period: "2020", from: {source: stats, column: gdp}}\n'
    with pytest.raises(InputError) as err:
        content(text.replace("district: 管城}", "district: 二七}"))
    assert str(err.value) == 'stats.sqlite: query returned no row for district "二七"'


def test_sqlite_is_read_only_and_cannot_attach(tmp_path, content):
    _database(tmp_path / "stats.sqlite")
    fig = 'figures:\n  gdp: {label: {zh: 总值, en: GDP}, period: "2020", from: {source: stats, column: gdp}}\n'
    for query in ("DELETE FROM stats", "ATTACH DATABASE 'other.sqlite' AS o"):
        with pytest.raises(InputError, match="^stats.sqlite: query failed: "):
            content(SQL.replace("SELECT year, gdp FROM stats WHERE district = :district ORDER BY year", query) + fig)
    assert not (tmp_path / "other.sqlite").exists()
    assert sqlite3.connect(tmp_path / "stats.sqlite").execute("SELECT count(*) FROM stats").fetchone() == (3,)


def test_duckdb_query_read_only_without_file_access(tmp_path, content):
    duckdb = pytest.importorskip("duckdb")  # the [duckdb] extra; the test extra installs it
    db = duckdb.connect(str(tmp_path / "stats.duckdb"))
    db.execute("CREATE TABLE stats (district VARCHAR, gdp DOUBLE)")
    db.execute("INSERT INTO stats VALUES ('管城', 674), ('金水', 1500)")
    db.close()
    decl = """data:
  stats: {file: stats.duckdb, query: "SELECT gdp FROM stats WHERE district = $district", unit: CNY, scale: 1e8}
params: {district: 管城}
figures:
  gdp: {label: {zh: 总值, en: GDP}, period: "2020", from: {source: stats, column: gdp}}
"""
    assert content(decl).content.figures["gdp"].value == 67400000000.0
    (tmp_path / "secret.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match="^stats.duckdb: query failed: "):
        content(
            decl.replace(
                "SELECT gdp FROM stats WHERE district = $district",
                f"SELECT a AS gdp FROM read_csv('{tmp_path / 'secret.csv'}')",
            )
        )


def test_json_records(tmp_path, content):
    records = {"rows": [{"district": "管城", "gdp": 674}, {"district": "金水", "gdp": 1500}]}
    (tmp_path / "d.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    loaded = content(
        """data:
  d: {file: d.json, records: rows, key: district, columns: {gdp: {unit: CNY, scale: 1e8, period: "2020"}}}
figures:
  gdp: {label: {zh: 总值, en: GDP}, from: {source: d, row: 金水, column: gdp}}
"""
    )
    assert loaded.content.figures["gdp"].value == 150000000000.0
    assert loaded.data.bound["figures.gdp"] == 'd.json: rows[1]: column "gdp"'


@pytest.mark.parametrize("name", ["../gdp.csv", "/etc/passwd", "link.csv"])
def test_paths_stay_inside_the_content_folder(tmp_path, content, name):
    outside = tmp_path.parent / "gdp.csv"
    outside.write_text(GDP_CSV, encoding="utf-8")
    os.symlink(outside, tmp_path / "link.csv")
    with pytest.raises(
        InputError, match=r"briefing.yaml:\d+: data.gdp: asset path .* (must be relative|points outside)"
    ):
        content(f"data:\n  gdp: {{file: '{name}', key: 区县, unit: CNY}}\n" + gdp_figure("gdp"))


def test_unknown_source_and_option_errors(tmp_path, content):
    (tmp_path / "gdp.csv").write_text(GDP_CSV, encoding="utf-8")
    with pytest.raises(InputError, match=r"figures.gdp.from.source: no data source named 'gpd'"):
        content("data:\n  gdp: {file: gdp.csv, key: 区县, unit: CNY}\n" + gdp_figure("gpd"))
    with pytest.raises(InputError, match=r"data.gdp.sheet: does not apply to a csv source"):
        content("data:\n  gdp: {file: gdp.csv, key: 区县, unit: CNY, sheet: S}\n" + gdp_figure("gdp"))


def test_parameters_fill_text_and_unknown_ones_are_named(content):
    loaded = content("params: {name: 管城}\n", params={"name": "金水"}, paragraph='"${name}的文字。"')
    assert loaded.content.sections[0].blocks[0].text.zh == "金水的文字。"
    assert content("params: {name: 管城}\n", paragraph='"$${x"').content.sections[0].blocks[0].text.zh == "${x"
    with pytest.raises(
        InputError, match=r"^briefing.yaml:11: sections\[0\].blocks\[0\].text.zh: unknown parameter \$\{nmae\}"
    ):
        content("params: {name: 管城}\n", paragraph='"${nmae}的文字。"')


def test_table_block_rows_bound_to_source_rows(tmp_path):
    from reportgen.data.bind import resolve

    (tmp_path / "d.csv").write_text(
        "district,name,gdp\nguancheng,管城,674\njinshui,金水,1500.5\nerqi,二七,\n", encoding="utf-8"
    )
    table = {
        "type": "table",
        "caption": {"zh": "各区", "en": "Districts"},
        "columns": [
            {"header": {"zh": "区", "en": "District"}},
            {"header": {"zh": "总值", "en": "GDP"}, "kind": "number"},
        ],
        "from": {"source": "d", "columns": ["name", "gdp"], "where": {"district": "${which}"}},
    }
    raw = {
        "params": {"which": "jinshui"},
        "data": {"d": {"file": "d.csv"}},
        "sections": [{"id": "a", "blocks": [], "sections": [{"id": "b", "blocks": [{"type": "paragraph"}, table]}]}],
    }
    doc, use = resolve(raw, tmp_path / "briefing.yaml", lambda loc: f"briefing.yaml:1: {loc}")
    bound = doc["sections"][0]["sections"][0]["blocks"][1]
    assert bound["rows"] == [["金水", 1500.5]] and "from" not in bound
    assert use.bound == {"sections[0].sections[0].blocks[1]": "d.csv: 1 rows"}
    every = {**table, "from": {"source": "d", "columns": ["name", "gdp"]}}
    raw["sections"][0]["sections"][0]["blocks"][1] = every
    with pytest.raises(InputError, match='^d.csv:4: column "gdp": empty cell$'):
        resolve(raw, tmp_path / "briefing.yaml", lambda loc: f"briefing.yaml:1: {loc}")
