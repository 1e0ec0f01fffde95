"""CSV: encoding and delimiter detected unless stated.

Excel on a Chinese Windows saves "CSV" as GB18030 (GBK) text; "CSV UTF-8" adds a byte-order
mark; other tools write plain UTF-8. Undeclared, the encoding is tried in that order of
certainty: a BOM says it outright; text that decodes as UTF-8 is UTF-8 (GB18030 bytes of Chinese
text almost never do); anything else is read as GB18030, which decodes every GBK file.
"""

from __future__ import annotations

import codecs
import csv
import io

from reportgen.data.kinds import Request, register
from reportgen.data.table import Row, Table, check_header
from reportgen.errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
DELIMITERS = ",;\t|"


def decode(data: bytes, encoding: str | None, name: str) -> str:
    if encoding is None:
        encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "gb18030"
    try:
        return data.decode(encoding)
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not {encoding} text (state the file's `encoding:`)") from None


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


@register("csv", suffixes=(".csv", ".tsv", ".txt"), options=("encoding", "delimiter"))
def read_csv(request: Request) -> Table:
    name = request.name
    text = decode(request.path.read_bytes(), request.source.encoding, name)
    if text.startswith("\ufeff"):  # a BOM under a stated encoding
        text = text[1:]
    delimiter = request.source.delimiter or ("\t" if request.path.suffix.lower() == ".tsv" else sniff_delimiter(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[Row] = []
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1  # a quoted field may span lines: name the first
            if not any(field.strip() for field in record):
                continue
            if header is None:
                header = [field.strip() for field in record]
                check_header(header, f"{name}:{line}")
                continue
            problem = None
            if len(record) > len(header) and any(f.strip() for f in record[len(header) :]):
                problem = f"{len(record)} fields, the header has {len(header)} (a stray {delimiter!r}?)"
            rows.append(Row(tuple(field.strip() for field in record[: len(header)]), f"{name}:{line}", problem))
    except csv.Error as err:
        raise InputError(f"{name}:{reader.line_num}: {err}") from None
    if header is None:
        raise InputError(f"{name}: empty file (no header row)")
    return Table(name=name, columns=tuple(header), rows=tuple(rows))
