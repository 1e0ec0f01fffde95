"""The standards a PDF claims: PDF/UA-1 (always: every build is tagged) and, when asked, PDF/A-2b.

Input: the PDF (a pikepdf ``Pdf``, its structure tree written), the standards asked for and the
document's title per language.
Output: the same PDF with an XMP metadata stream — the info dictionary's entries restated (so
they agree, as PDF/A requires), ``dc:title`` with its Chinese and English alternatives,
``pdfuaid:part`` 1, and for PDF/A ``pdfaid:part`` 2 / ``conformance`` B, the extension schema
that declares ``pdfuaid`` to a PDF/A reader — and, for PDF/A, an sRGB output intent.

The ICC profile is ``sRGB.icc`` from Debian's icc-profiles-free (zlib licence), copied into the
project's ``assets/`` and installed with the package. XMP dates come from the info dictionary,
which carries the build's reproducible timestamp: nothing here reads the clock.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from reportgen.errors import InputError

STANDARDS = ("ua-1", "a-2b", "a-2u")
DEFAULT = ("ua-1",)
SRGB_PROFILE = "sRGB.icc"


def parse_standards(value: str | list | tuple | None, where: str) -> tuple[str, ...]:
    """``"a-2b,ua-1"`` (or a list of them) as the standards to claim; UA-1 is always among them,
    since every build is tagged. A name that is not one of :data:`STANDARDS` is bad input."""
    if value is None:
        return DEFAULT
    names = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    out = []
    for name in (n.strip().lower() for n in names):
        if name not in STANDARDS:
            raise InputError(f"{where}: unknown PDF standard {name!r} (valid: {', '.join(STANDARDS)})")
        out.append(name)
    if len([n for n in out if n.startswith("a-")]) > 1:
        raise InputError(f"{where}: one PDF/A conformance level at a time ({', '.join(out)})")
    return tuple(sorted(set(out) | {"ua-1"}))


def assets_dir() -> Path:
    """The project's ``assets/``: installed as ``reportgen/_bundled/assets``, or the checkout's own."""
    packaged = Path(__file__).resolve().parents[1] / "_bundled" / "assets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "assets"


def apply(pdf, standards: tuple[str, ...], titles: dict[str, str]) -> None:
    """Write the XMP (and for PDF/A the output intent) into ``pdf``, a ``pikepdf.Pdf``."""
    from pikepdf import Array, Dictionary, Name, String  # only when a PDF is written

    pdfa = next((s for s in standards if s.startswith("a-")), None)
    xmp = _xmp(pdf.docinfo, titles, pdfa, "ua-1" in standards)
    pdf.Root.Metadata = pdf.make_stream(xmp.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)
    if pdfa:
        profile = pdf.make_stream((assets_dir() / SRGB_PROFILE).read_bytes(), N=3, Alternate=Name.DeviceRGB)
        pdf.Root.OutputIntents = Array(
            [
                Dictionary(
                    Type=Name.OutputIntent,
                    S=Name.GTS_PDFA1,
                    OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
                    RegistryName=String("http://www.color.org"),
                    Info=String("sRGB IEC61966-2.1"),
                    DestOutputProfile=profile,
                )
            ]
        )


_LANG_TAGS = {"zh": "zh-CN", "en": "en-US"}
_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'(\d\d)'?|Z)?")


def _xmp_date(value: str) -> str:
    m = _PDF_DATE.match(value)
    if not m:
        return ""
    y, mo, d, h, mi, s, sign, tzh, tzm = m.groups()
    zone = f"{sign}{tzh}:{tzm}" if sign else "Z"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def _alt(default: str, per_lang: dict[str, str]) -> str:
    items = [f'<rdf:li xml:lang="x-default">{escape(default)}</rdf:li>']
    items += [f"<rdf:li xml:lang={quoteattr(_LANG_TAGS[k])}>{escape(v)}</rdf:li>" for k, v in per_lang.items() if v]
    return "<rdf:Alt>" + "".join(items) + "</rdf:Alt>"


def _xmp(info, titles: dict[str, str], pdfa: str | None, ua: bool) -> str:
    def get(key: str) -> str:
        return str(info.get(key, ""))

    props = ["<dc:format>application/pdf</dc:format>"]
    props.append(f"<dc:title>{_alt(get('/Title'), titles)}</dc:title>")
    if get("/Author"):
        props.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(get('/Author'))}</rdf:li></rdf:Seq></dc:creator>")
    if get("/Subject"):
        props.append(f"<dc:description>{_alt(get('/Subject'), {})}</dc:description>")
    simple = [
        ("pdf:Keywords", get("/Keywords")),
        ("pdf:Producer", get("/Producer")),
        ("pdf:Trapped", get("/Trapped").lstrip("/")),
        ("xmp:CreatorTool", get("/Creator")),
        ("xmp:CreateDate", _xmp_date(get("/CreationDate"))),
        ("xmp:ModifyDate", _xmp_date(get("/ModDate"))),
        ("xmp:MetadataDate", _xmp_date(get("/ModDate"))),
    ]
    if pdfa:
        simple += [("pdfaid:part", pdfa[2]), ("pdfaid:conformance", pdfa[3].upper())]
    if ua:
        simple.append(("pdfuaid:part", "1"))
    props += [f"<{tag}>{escape(value)}</{tag}>" for tag, value in simple if value]
    if pdfa and ua:
        props.append(_PDFUA_EXTENSION)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
        ' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
        ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
        ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\n'
        + "\n".join(props)
        + "\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        + '<?xpacket end="w"?>'
    )


# PDF/A admits only the XMP schemas it predefines unless the file describes the others: pdfuaid
# (ISO 14289) is not among them, so a file that is both PDF/A-2 and PDF/UA-1 declares it.
_PDFUA_EXTENSION = (
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property>"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas>"
)
