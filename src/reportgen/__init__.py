"""reportgen: bilingual (Chinese–English) briefings as DOCX and PDF from structured content.

Pipeline: content (YAML/JSON -> validated model) -> compose (Jinja2 template -> document
model) -> charts (spec -> image) -> writers (document model -> DOCX / PDF bytes).
"""

__version__ = "0.1.0"
