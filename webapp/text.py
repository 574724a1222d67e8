"""Markdown shown on the page, rendered on the server.

``solara.Markdown`` loads KaTeX and Mermaid from the CDN in the browser, which solara-assets
does not ship, so offline it would make failed requests. :func:`Note` renders markdown to HTML
here instead; markup in the text is escaped, never obeyed.
"""

from __future__ import annotations

import html

import markdown
import solara


def markdown_html(text: str) -> str:
    """Markdown as HTML, with any HTML in the text escaped."""
    return markdown.markdown(html.escape(text, quote=False))


@solara.component
def Note(text: str, classes: list[str] | None = None):  # noqa: N802
    """A paragraph (or more) of markdown."""
    solara.HTML(tag="div", unsafe_innerHTML=markdown_html(text), classes=classes or [])
