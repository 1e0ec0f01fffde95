"""Text layout helpers that need no rendering library.

Input: a paragraph's text (Chinese, English or mixed).
Output: its break opportunities (:func:`reportgen.text.linebreak.segments`) and lines filled to a
width (:func:`reportgen.text.linebreak.wrap`), for the PDF writer and anything else that sets type.
"""
