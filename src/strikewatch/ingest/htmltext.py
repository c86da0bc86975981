"""Plain text out of HTML with lxml: paragraphs kept apart, scripts and styles dropped, any markup tolerated."""

from __future__ import annotations

import re

_BLOCK = frozenset(
    "address article aside blockquote body dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_SKIP = frozenset("script style noscript template head iframe svg object embed select button".split())
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b]+")
_BLANKS = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """One space between words, no padding around lines, one blank line between paragraphs."""
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()


def _parse(markup: str, *, fragment: bool):
    import lxml.html
    from lxml import etree

    markup = _XML_DECL.sub("", markup, count=1)  # lxml refuses str input that declares an encoding
    if not markup.strip():
        return None
    try:
        if fragment:
            return lxml.html.fragment_fromstring(markup, create_parent="div")
        return lxml.html.document_fromstring(markup)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def element_text(root) -> str:
    """Text of an lxml element tree, walking it without recursion (deeply nested junk is common)."""
    from lxml import etree

    parts: list[str] = []
    skipping = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _SKIP:
                skipping += 1
            elif not skipping:
                if tag in _BLOCK:
                    parts.append("\n\n")
                elif tag == "br":
                    parts.append("\n")
                if el.text and isinstance(el.tag, str):
                    parts.append(el.text)
        else:
            if tag in _SKIP:
                skipping -= 1
            elif not skipping and tag in _BLOCK:
                parts.append("\n\n")
            if not skipping and el.tail and el is not root:
                parts.append(el.tail)
    return tidy("".join(parts))


def html_to_text(markup: str) -> str:
    """Text of an HTML fragment (feed content, summaries); plain text passes through tidied."""
    if "<" not in markup:
        import html

        return tidy(html.unescape(markup))
    root = _parse(markup, fragment=True)
    return element_text(root) if root is not None else ""


def page_text_and_title(markup: str) -> tuple[str, str | None]:
    """A whole page's visible body text and its `<title>` (or first `<h1>`), for when trafilatura finds nothing."""
    root = _parse(markup, fragment=False)
    if root is None:
        return "", None
    title = None
    for xpath in ("//title", "//h1"):
        found = root.xpath(xpath)
        if found:
            title = " ".join(found[0].text_content().split()) or None
            if title:
                break
    body = root.find("body")
    return element_text(body if body is not None else root), title
