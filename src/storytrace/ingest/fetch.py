"""http(s) URLs to raw documents: a page, the items of a feed, or a plain-text file.

Cascade for one URL:

1. Only ``http`` and ``https`` URLs are fetched (``InputError("unsupported")``).
2. Before every request, the first and each redirect hop, the host is resolved and every
   address it has is checked: loopback, private, link-local, multicast, reserved,
   unspecified and other non-global addresses (``localhost`` included) are refused with
   ``InputError("refused")`` unless ``allow_private``, and no request is sent.
3. Redirects are followed by hand, at most ``MAX_REDIRECTS`` of them.
4. The response must be 2xx and arrive within the timeouts and the deadline; its body is
   streamed and dropped past ``MAX_RESPONSE_BYTES`` (``InputError("too_large")``).
5. By content type, then by sniffing the body: a feed gives its items (``read_feed``),
   HTML one page (``read_html``), plain text one text document; anything else is
   ``InputError("not_article")``.

Known limits: the address check resolves the name, then httpx resolves it again to
connect, so a DNS server that answers differently the second time (DNS rebinding) is not
caught; proxy settings from the environment are not used, so that the checked address is
the one connected to; the name lookup itself has no timeout but the system's.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, replace

import httpx

from storytrace import __version__
from storytrace.errors import InputError
from storytrace.ingest.decode import decode_bytes
from storytrace.ingest.feeds import FEED_SNIFF_CHARS, looks_like_feed, read_feed
from storytrace.ingest.html import charset_of, looks_like_html, read_html
from storytrace.model import RawDocument

# A server anywhere on the internet accepts a connection within a few seconds; 10 s
# leaves room for a slow handshake without stalling an ingest on a dead host.
CONNECT_TIMEOUT_S = 10.0
# Longest wait for the next bytes of a response: news sites that render on request can
# take tens of seconds before the first byte.
READ_TIMEOUT_S = 30.0
# Whole-response deadline, so that a server dripping bytes under the read timeout cannot
# hold an ingest forever.
DEADLINE_S = 120.0
# News pages are 50-500 KB of HTML and feeds rarely pass 1 MB; 10 MB leaves a wide margin
# and keeps a runaway download from filling memory.
MAX_RESPONSE_BYTES = 10 * 1024 * 1024
# Browsers stop at 20; news links pass one or two (http to https, tracker to article),
# and a longer chain is a loop or a trap.
MAX_REDIRECTS = 5

USER_AGENT = f"storytrace/{__version__}"
DEFAULT_TIMEOUT = httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)

_SCHEMES = frozenset({"http", "https"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
# Types under which servers also send feeds, so the body is sniffed.
_SNIFFED_TYPES = _HTML_TYPES | {"application/xml", "text/xml", "text/plain", ""}
_ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, text/plain;q=0.8, */*;q=0.1"
)


@dataclass(frozen=True)
class _Limits:
    timeout: httpx.Timeout
    deadline_s: float
    max_bytes: int
    max_redirects: int


@dataclass(frozen=True)
class _Response:
    url: str  # after redirects
    media_type: str  # lower case, without parameters; "" when the server sends none
    body: bytes
    charset: str | None = None  # the Content-Type's charset parameter


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    client: httpx.Client | None = None,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    deadline_s: float = DEADLINE_S,
    max_bytes: int = MAX_RESPONSE_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> list[RawDocument | InputError]:
    """Fetch one URL of a page or a feed.

    A feed URL gives the feed's items with the text the feed carries; the items' links
    are not fetched.

    Args:
        url: an ``http://`` or ``https://`` URL.
        allow_private: also fetch from loopback, private and link-local addresses.
        client: an httpx client to send the requests with (its redirect following is
            overridden); by default one is made and closed here.
        timeout: connect and read timeouts.
        deadline_s: most seconds for the whole response, redirects included.
        max_bytes: largest body read, after content decoding.
        max_redirects: most redirects followed.

    Returns:
        What the response holds, named after the final URL: for a page, one
        ``RawDocument`` (default ``url`` the final URL, ``record_id`` None) or its
        ``InputError`` from ``read_html``; for a feed, one item per feed item (see
        ``read_feed``); for any other content type, ``InputError("not_article")``.
        A failure to get the response gives one ``InputError`` named after ``url``:
        ``"unsupported"`` (scheme, malformed URL), ``"refused"`` (address),
        ``"unreadable"`` (DNS, connection, timeout, deadline, HTTP status, too many
        redirects) or ``"too_large"``.

    Raises:
        ValueError: a limit out of range (``deadline_s`` and ``max_bytes`` must be
            positive, ``max_redirects`` at least 0).
    """
    if deadline_s <= 0 or max_bytes < 1 or max_redirects < 0:
        raise ValueError(
            "deadline_s must be > 0, max_bytes >= 1 and max_redirects >= 0; got "
            f"{deadline_s}, {max_bytes} and {max_redirects}"
        )
    limits = _Limits(timeout, deadline_s, max_bytes, max_redirects)
    http = client if client is not None else httpx.Client(trust_env=False)
    try:
        response = _follow(http, url, allow_private, limits)
    except InputError as error:
        return [error]
    finally:
        if client is None:
            http.close()
    return _documents(response)


def _follow(http: httpx.Client, url: str, allow_private: bool, limits: _Limits) -> _Response:
    """GET ``url`` and its redirects; raises ``InputError`` named after ``url``."""
    started = time.monotonic()
    current = url
    for hop in range(limits.max_redirects + 1):
        where = "" if hop == 0 else f" (redirect {hop}: {current})"
        if time.monotonic() - started > limits.deadline_s:
            detail = f"no whole response within {limits.deadline_s:g} s{where}"
            raise InputError(url, "unreadable", detail)
        problem = _url_problem(current, allow_private)
        if problem is not None:
            raise InputError(url, problem[0], problem[1] + where)
        result = _get(http, current, url, where, limits, started)
        if isinstance(result, _Response):
            return result
        current = result
    raise InputError(url, "unreadable", f"more than {limits.max_redirects} redirects")


def _get(
    http: httpx.Client, current: str, source: str, where: str, limits: _Limits, started: float
) -> _Response | str:
    """One request: the response, or the URL a redirect points to."""
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT}
    try:
        with http.stream(
            "GET", current, headers=headers, timeout=limits.timeout, follow_redirects=False
        ) as response:
            if response.is_redirect:
                return str(response.url.join(response.headers["Location"]))
            if not response.is_success:
                status = f"HTTP status {response.status_code} {response.reason_phrase}"
                raise InputError(source, "unreadable", status.strip() + where)
            body = _read_body(response, source, where, limits, started)
            content_type = response.headers.get("Content-Type", "")
            media_type = content_type.split(";")[0].strip().lower()
            return _Response(str(response.url), media_type, body, charset_of(content_type))
    except httpx.TimeoutException as error:
        detail = f"timed out ({type(error).__name__}){where}"
        raise InputError(source, "unreadable", detail) from None
    except httpx.ConnectError as error:
        raise InputError(source, "unreadable", f"cannot connect: {error}{where}") from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
        raise InputError(source, "unreadable", f"{type(error).__name__}: {error}{where}") from None


def _read_body(
    response: httpx.Response, source: str, where: str, limits: _Limits, started: float
) -> bytes:
    too_large = f"over {limits.max_bytes:,} bytes{where}"
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise InputError(source, "too_large", too_large)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise InputError(source, "too_large", too_large)
        if time.monotonic() - started > limits.deadline_s:
            detail = f"no whole response within {limits.deadline_s:g} s{where}"
            raise InputError(source, "unreadable", detail)
        chunks.append(chunk)
    return b"".join(chunks)


def _url_problem(url: str, allow_private: bool) -> tuple[str, str] | None:
    """``(reason, detail)`` when ``url`` must not be fetched, else None."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        return "unsupported", f"not a valid URL: {error}"
    if parsed.scheme not in _SCHEMES:
        scheme = f"{parsed.scheme}:" if parsed.scheme else "no scheme"
        return "unsupported", f"{scheme}; only http and https URLs are fetched"
    host = parsed.raw_host.decode("ascii")
    if not host:
        return "unsupported", "the URL has no host"
    if allow_private:
        return None
    if host == "localhost" or host.endswith(".localhost"):
        return "refused", f"{host} is a loopback name"
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        return "unreadable", f"DNS lookup of {host} failed: {error}"
    for family, _, _, _, sockaddr in found:
        if family in (socket.AF_INET, socket.AF_INET6):
            address = str(sockaddr[0])
            kind = _address_problem(ipaddress.ip_address(address))
            if kind is not None:
                return "refused", f"{host} is {address}, a {kind} address"
    return None


def _address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What makes ``ip`` unfit to fetch from, or None for a global unicast address."""
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        # an IPv6 address that carries an IPv4 one reaches that IPv4 host: judge it first
        embedded = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
        candidates = [*embedded, ip]
    for candidate in candidates:
        checks = (
            ("loopback", candidate.is_loopback),
            ("link-local", candidate.is_link_local),
            ("unspecified", candidate.is_unspecified),
            ("multicast", candidate.is_multicast),
            ("reserved", candidate.is_reserved),
            ("private", candidate.is_private),
            ("non-global", not candidate.is_global),
        )
        for name, applies in checks:
            if applies:
                return name
    return None


def _documents(response: _Response) -> list[RawDocument | InputError]:
    media_type, source = response.media_type, response.url
    head = response.body[:FEED_SNIFF_CHARS].decode("utf-8", "replace")
    if media_type in _FEED_TYPES or (media_type in _SNIFFED_TYPES and looks_like_feed(head)):
        return read_feed(response.body, source)
    try:
        if media_type in _HTML_TYPES or (media_type in _SNIFFED_TYPES and looks_like_html(head)):
            document = read_html(response.body, source, response.charset)
            return [replace(document, url=document.url or source)]
        if media_type == "text/plain":
            text, encoding = decode_bytes(response.body, source)
            return [RawDocument(source, text, "text", url=source, encoding=encoding)]
    except InputError as error:
        return [error]
    return [InputError(source, "not_article", f"content type {media_type or 'not given'}")]
