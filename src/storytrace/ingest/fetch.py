"""http(s) URLs to raw documents: a page, the items of a feed, or a plain-text file.

Cascade for one URL:

1. Only ``http`` and ``https`` URLs are fetched (``InputError("unsupported")``).
2. Before every request, the first and each redirect hop, the host is resolved once and
   every address it has is checked: loopback, private, link-local, multicast, reserved,
   unspecified and other non-global addresses (``localhost`` included) are refused with
   ``InputError("refused")`` unless ``allow_private``, and no request is sent.
3. The request goes to an address that was checked, not to a new lookup of the name (a
   DNS server answering differently the second time, "DNS rebinding", reaches nothing
   new): the URL's host is kept in the ``Host`` header and as the TLS server name, so
   certificates are checked against the name. The checked addresses are tried in the
   resolver's order while the connection is refused. Each request asks for
   ``Connection: close``, so that a connection is never reused for another name.
4. Redirects are followed by hand, at most ``MAX_REDIRECTS`` of them.
5. The response must be 2xx and arrive within the timeouts and the deadline; its body is
   streamed and dropped past ``Limits.download_bytes`` (10 MiB, ``--limit download-size``;
   ``InputError("too_large")``), counted
   both as received and as decoded: Content-Encoding is undone here, a step at a time
   (``content_encoding``), so that a compression bomb is refused after ``max_bytes``
   decoded bytes, not after it fills memory. Only gzip and deflate are decoded, at most
   ``Limits.content_encodings`` stacked (more is ``InputError("too_complex")``); any other
   encoding is ``InputError("unsupported")``.
6. By content type, then by sniffing the body: a feed gives its items (``read_feed``),
   HTML one page (``read_html``), plain text one text document; anything else is
   ``InputError("not_article")``.

Known limits: proxy settings from the environment are not used, so that the checked
address is the one connected to (a ``client`` passed in with a proxy would defeat that);
the name lookup itself has no timeout but the system's.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

import httpx

from storytrace import __version__
from storytrace.errors import InputError
from storytrace.ingest.content_encoding import (
    ACCEPT_ENCODING,
    ContentEncodingError,
    TooManyEncodingsError,
    content_encodings,
    decoded,
)
from storytrace.ingest.decode import decode_bytes
from storytrace.ingest.feeds import FEED_SNIFF_CHARS, looks_like_feed, read_feed
from storytrace.ingest.html import charset_of, looks_like_html, read_html
from storytrace.limits import limits as limits_in_force
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
class _Target:
    """A URL that passed the checks, with the addresses its host was checked at."""

    url: httpx.URL
    addresses: tuple[str, ...]  # in the resolver's order


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
    max_bytes: int | None = None,
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
        max_bytes: largest body read, as received and after content decoding (default:
            ``Limits.download_bytes`` in force).
        max_redirects: most redirects followed.

    Returns:
        What the response holds, named after the final URL: for a page, one
        ``RawDocument`` (default ``url`` the final URL, ``record_id`` None) or its
        ``InputError`` from ``read_html``; for a feed, one item per feed item (see
        ``read_feed``); for any other content type, ``InputError("not_article")``.
        A failure to get the response gives one ``InputError`` named after ``url``:
        ``"unsupported"`` (scheme, malformed URL, content encoding), ``"refused"``
        (address), ``"unreadable"`` (DNS, connection, timeout, deadline, HTTP status,
        too many redirects, corrupt compressed data), ``"too_large"`` or
        ``"too_complex"`` (more stacked content encodings than ``Limits.content_encodings``).

    Raises:
        ValueError: a limit out of range (``deadline_s`` and ``max_bytes`` must be
            positive, ``max_redirects`` at least 0).
    """
    max_bytes = limits_in_force().download_bytes if max_bytes is None else max_bytes
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
        target = _check_url(current, allow_private)
        if isinstance(target, tuple):
            raise InputError(url, target[0], target[1] + where)
        result = _get(http, target, url, where, limits, started)
        if isinstance(result, _Response):
            return result
        current = result
    raise InputError(url, "unreadable", f"more than {limits.max_redirects} redirects")


def _get(
    http: httpx.Client, target: _Target, source: str, where: str, limits: _Limits, started: float
) -> _Response | str:
    """One request, to the first checked address that accepts a connection."""
    refused = ""
    for address in target.addresses:
        if time.monotonic() - started > limits.deadline_s:
            detail = f"no whole response within {limits.deadline_s:g} s{where}"
            raise InputError(source, "unreadable", detail)
        try:
            return _exchange(http, target, address, source, where, limits, started)
        except httpx.ConnectError as error:
            refused = f"cannot connect to {address}: {error}{where}"
        except httpx.TimeoutException as error:
            detail = f"timed out ({type(error).__name__}){where}"
            raise InputError(source, "unreadable", detail) from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
            detail = f"{type(error).__name__}: {error}{where}"
            raise InputError(source, "unreadable", detail) from None
    raise InputError(source, "unreadable", refused)


def _exchange(
    http: httpx.Client,
    target: _Target,
    address: str,
    source: str,
    where: str,
    limits: _Limits,
    started: float,
) -> _Response | str:
    """GET ``target`` from ``address``: the response, or the URL a redirect points to."""
    name = target.url.raw_host.decode("ascii")
    headers = {
        "Host": target.url.netloc.decode("ascii"),
        "User-Agent": USER_AGENT,
        "Accept": _ACCEPT,
        "Accept-Encoding": ACCEPT_ENCODING,
        "Connection": "close",
    }
    extensions = {"sni_hostname": name} if target.url.scheme == "https" else {}
    with http.stream(
        "GET",
        target.url.copy_with(host=address),
        headers=headers,
        timeout=limits.timeout,
        follow_redirects=False,
        extensions=extensions,
    ) as response:
        if response.is_redirect:
            return str(target.url.join(response.headers["Location"]))
        if not response.is_success:
            status = f"HTTP status {response.status_code} {response.reason_phrase}"
            raise InputError(source, "unreadable", status.strip() + where)
        body = _read_body(response, source, where, limits, started)
        content_type = response.headers.get("Content-Type", "")
        media_type = content_type.split(";")[0].strip().lower()
        return _Response(str(target.url), media_type, body, charset_of(content_type))


def _read_body(
    response: httpx.Response, source: str, where: str, limits: _Limits, started: float
) -> bytes:
    """The body, decoded and counted a step at a time (see ``content_encoding``)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise InputError(source, "too_large", f"over {limits.max_bytes:,} bytes{where}")
    try:
        encodings = content_encodings(response.headers.get("Content-Encoding", ""))
    except TooManyEncodingsError as error:
        raise InputError(source, "too_complex", f"{error}{where}") from None
    except ContentEncodingError as error:
        raise InputError(source, "unsupported", f"{error}{where}") from None
    received = _counted(response.iter_raw(), source, where, limits)
    over = f"over {limits.max_bytes:,} bytes{' decoded' if encodings else ''}{where}"
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in decoded(received, encodings):
            size += len(chunk)
            if size > limits.max_bytes:
                raise InputError(source, "too_large", over)
            if time.monotonic() - started > limits.deadline_s:
                detail = f"no whole response within {limits.deadline_s:g} s{where}"
                raise InputError(source, "unreadable", detail)
            chunks.append(chunk)
    except ContentEncodingError as error:
        raise InputError(source, "unreadable", f"{error}{where}") from None
    return b"".join(chunks)


def _counted(chunks: Iterator[bytes], source: str, where: str, limits: _Limits) -> Iterator[bytes]:
    """``chunks`` as received, stopped past ``max_bytes``."""
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limits.max_bytes:
            raise InputError(source, "too_large", f"over {limits.max_bytes:,} bytes{where}")
        yield chunk


def _check_url(url: str, allow_private: bool) -> _Target | tuple[str, str]:
    """The URL with the addresses to connect to, or ``(reason, detail)`` when it must
    not be fetched. The host is looked up here, once."""
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
    if not allow_private and (host == "localhost" or host.endswith(".localhost")):
        return "refused", f"{host} is a loopback name"
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        return "unreadable", f"DNS lookup of {host} failed: {error}"
    addresses = tuple(
        dict.fromkeys(
            str(sockaddr[0])
            for family, _, _, _, sockaddr in found
            if family in (socket.AF_INET, socket.AF_INET6)
        )
    )
    if not addresses:
        return "unreadable", f"DNS lookup of {host} gave no IP address"
    if not allow_private:
        for address in addresses:
            kind = _address_problem(ipaddress.ip_address(address))
            if kind is not None:
                return "refused", f"{host} is {address}, a {kind} address"
    return _Target(parsed, addresses)


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
