"""Tiny helpers to build HTML as strings, escaping every text and attribute value.

Everything that reaches the page from an article (text, titles, outlets, URLs, ids) goes
through ``esc`` or ``start_tag``; the renderers never paste untrusted text raw.
"""

from __future__ import annotations

import html
from collections.abc import Mapping


def esc(text: str) -> str:
    """Escape ``text`` for use as HTML content or inside a double-quoted attribute."""
    return html.escape(text, quote=True)


def start_tag(name: str, attrs: Mapping[str, str | None] | None = None) -> str:
    """Return ``<name a="v" ...>``; attributes whose value is ``None`` are left out."""
    parts = [name]
    for key, value in (attrs or {}).items():
        if value is not None:
            parts.append(f'{key}="{esc(value)}"')
    return "<" + " ".join(parts) + ">"


def element(name: str, content: str, attrs: Mapping[str, str | None] | None = None) -> str:
    """Return ``start_tag(name, attrs) + content + </name>``; ``content`` must be markup."""
    return f"{start_tag(name, attrs)}{content}</{name}>"
