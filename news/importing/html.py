"""Sanitising the old site's body HTML into the article's StreamField blocks."""

import re
from html import escape, unescape
from urllib.parse import urlparse

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from news.importing.text import WHITESPACE, collapse_whitespace

QUOTE_MAX_LENGTH = 1000
HEADING_MAX_LENGTH = 200

TAG = re.compile(r"<[^>]*>")

SAFE_LINK_SCHEMES = {"http", "https", "mailto"}
HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
# Elements whose content is never article text (or needs a download we never make).
DROPPED_TAGS = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link",
    "img", "picture", "figure", "video", "audio", "iframe", "object", "embed", "svg", "canvas",
    "form", "input", "button", "select", "textarea",
}  # fmt: skip
# Wrappers an old CMS puts around paragraphs; their children are read as if they were top-level.
CONTAINER_TAGS = {
    "html", "body", "main", "article", "section", "div", "header", "footer", "aside", "center",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th",
}  # fmt: skip
BLOCK_TAGS = {"p", "blockquote", "ul", "ol", *HEADING_LEVELS}


def html_to_blocks(html):
    """Body blocks from the old site's HTML, keeping only what the paragraph editor allows.

    Returns the blocks (as stored JSON: dicts with `type` and `value`) and how many images or
    embeds were dropped, so the caller can tell the editor what to add by hand.
    """
    soup = BeautifulSoup(html, "html.parser")
    blocks = []
    collect_blocks(soup, blocks)
    dropped_media = len(soup.find_all(["img", "iframe", "video", "audio", "object", "embed"]))
    return blocks, dropped_media


def collect_blocks(parent, blocks):
    loose_inline = []
    for node in parent.children:
        if isinstance(node, Tag) and (node.name in BLOCK_TAGS or node.name in CONTAINER_TAGS):
            add_paragraph(blocks, inline_html(loose_inline))
            loose_inline = []
            if node.name in CONTAINER_TAGS:
                collect_blocks(node, blocks)
            else:
                add_block(blocks, node)
        else:
            loose_inline.append(node)
    add_paragraph(blocks, inline_html(loose_inline))


def add_block(blocks, node):
    if node.name in HEADING_LEVELS:
        text = node_text(node.children)
        if len(text) > HEADING_MAX_LENGTH:
            add_paragraph(blocks, escape(text, quote=False))
        elif text:
            blocks.append({"type": "heading", "value": {"text": text, "level": HEADING_LEVELS[node.name]}})
    elif node.name == "blockquote":
        parts = [node_text(part.children) for part in node.find_all("p")]
        quote = "\n".join(part for part in parts if part) or node_text(node.children)
        if len(quote) > QUOTE_MAX_LENGTH:
            add_paragraph(blocks, inline_html(node.children))
        elif quote:
            blocks.append({"type": "quote", "value": {"quote": quote, "speaker": ""}})
    elif node.name in ("ul", "ol"):
        items = [inline_html(item.children) for item in node.find_all("li", recursive=False)]
        items = [item for item in items if item]
        if items:
            html = "".join(f"<li>{item}</li>" for item in items)
            blocks.append({"type": "paragraph", "value": f"<{node.name}>{html}</{node.name}>"})
    else:
        add_paragraph(blocks, inline_html(node.children))


def add_paragraph(blocks, html):
    if TAG.sub("", html).strip():
        blocks.append({"type": "paragraph", "value": f"<p>{html}</p>"})


def inline_html(nodes):
    """Inline content reduced to bold, italic, safe links and line breaks; other tags keep their text."""
    html = "".join(inline_node_html(node) for node in nodes)
    return re.sub(r" {2,}", " ", html).strip()


def node_text(nodes):
    """Readable text of inline content: tags removed without gluing or splitting words."""
    html = inline_html(nodes).replace("<br/>", " ")
    return collapse_whitespace(unescape(TAG.sub("", html)))


def inline_node_html(node):
    if isinstance(node, PreformattedString):
        return ""
    if isinstance(node, NavigableString):
        return escape(WHITESPACE.sub(" ", str(node)), quote=False)
    if node.name in DROPPED_TAGS:
        return ""
    if node.name == "br":
        return "<br/>"
    inner = "".join(inline_node_html(child) for child in node.children)
    if not inner.strip():
        return inner
    if node.name in ("b", "strong"):
        return f"<b>{inner}</b>"
    if node.name in ("i", "em"):
        return f"<i>{inner}</i>"
    if node.name == "a":
        href = (node.get("href") or "").strip()
        if urlparse(href).scheme.lower() in SAFE_LINK_SCHEMES:
            return f'<a href="{escape(href)}">{inner}</a>'
    if node.name == "li":
        return f" {inner} "
    return inner


def plain_text(block):
    value = block["value"]
    if block["type"] == "heading":
        return value["text"]
    if block["type"] == "quote":
        return value["quote"]
    return node_text(BeautifulSoup(value, "html.parser").children)
