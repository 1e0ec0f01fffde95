"""Loading content: the flagship validates; bad input fails with file:line: field messages."""

from pathlib import Path

import pytest

from reportgen.content import load_content
from reportgen.errors import InputError

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "guancheng" / "briefing.yaml"


def test_flagship_loads():
    c = load_content(FLAGSHIP).content
    assert len(c.sections) == 7
    assert c.figures["gdp_2020"].value == 67_400_000_000
    assert [s.heading.zh for s in c.sections][0] == "产业提档升级"


def flagship_with(tmp_path, old, new, name="briefing.yaml"):
    text = FLAGSHIP.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text[: text.index(old)].count("\n") + 1


def test_unknown_field_names_line_and_path(tmp_path):
    path, line = flagship_with(tmp_path, '    period: "2015"\n', '    period: "2015"\n    perod: x\n')
    with pytest.raises(InputError) as err:
        load_content(path)
    assert str(err.value).startswith(f"briefing.yaml:{line + 1}: figures.gdp_2015.perod: unknown field")


def test_missing_translation_names_the_field(tmp_path):
    text = FLAGSHIP.read_text(encoding="utf-8")
    start = text.index("          en: ", text.index("  - id: heritage"))
    end = text.index("\n", start)
    path = tmp_path / "briefing.yaml"
    path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    with pytest.raises(InputError, match=r"^briefing\.yaml:\d+: sections\[1\]\.blocks\[0\]\.text\.en: field required"):
        load_content(path)


def test_wrong_type(tmp_path):
    path, line = flagship_with(tmp_path, "value: 67400000000", "value: lots")
    with pytest.raises(InputError, match=rf"^briefing\.yaml:{line}: figures\.gdp_2020\.value: "):
        load_content(path)


def test_yaml_syntax_error_names_the_line(tmp_path):
    path, line = flagship_with(tmp_path, "  short_title:\n", "  short_title: [unclosed\n")
    with pytest.raises(InputError, match=r"^briefing\.yaml:\d+: YAML syntax error"):
        load_content(path)


def test_unknown_figure_in_text(tmp_path):
    path, line = flagship_with(tmp_path, "{gdp_2015}", "{gdp_2014}")
    with pytest.raises(
        InputError, match=r"^briefing\.yaml:\d+: sections\[0\]\.sections\[0\]\.blocks\[0\]\.text\.zh: .*gdp_2014"
    ):
        load_content(path)


def test_json_content(tmp_path):
    import json

    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(FLAGSHIP.read_text(encoding="utf-8"))
    data["meta"]["date"] = str(data["meta"]["date"])
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    assert load_content(path).content.meta.short_title.zh == "管城这五年"
    path.write_text('{"meta": {,}}', encoding="utf-8")
    with pytest.raises(InputError, match=r"^b\.json:1: JSON syntax error"):
        load_content(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such content file"):
        load_content(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "figures: [investment, investment_attracted",
            "figures: [investment, nowhere",
            r"charts\.amounts\.figures\[1\]: no figure named 'nowhere'",
        ),
        ("type: hbar", "type: pie3d", r"charts\.amounts\.type: "),
        (
            "figures: [investment, investment_attracted",
            "figures: [investment, projects",
            r"charts\.amounts: chart mixes units",
        ),
        ("value: 67400000000", "value: .nan", r"figures\.gdp_2020\.value: must be a finite number"),
        (
            "groups: [[gdp_2015, gdp_2020], [revenue_2015, revenue_2020]]",
            "groups: [[gdp_2015, gdp_2020], [revenue_2015]]",
            r"charts\.growth: .*same number of figures",
        ),
    ],
)
def test_bad_chart_data_names_chart_and_field(tmp_path, old, new, message):
    path, line = flagship_with(tmp_path, old, new)
    with pytest.raises(InputError, match=rf"^briefing\.yaml:\d+: {message}"):
        load_content(path)
