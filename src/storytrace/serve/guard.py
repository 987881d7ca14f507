"""What every answer carries and every request is held to.

- Security headers: a Content-Security-Policy that lets pages load only the app's own
  scripts, styles and images (no inline script, nothing from elsewhere), no framing, no
  sniffing, no referrer sent to other sites (a same-origin form still carries its Origin).
- Request bodies: at most ``max_body_bytes`` (413 with the error shape), counted as they
  arrive, whatever Content-Length says.
- Hosts: the server binds to a loopback address unless it has a token (``check_host``).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storytrace.serve.errors import error_body

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
LOOPBACK_NAMES = ("localhost",)


def check_host(host: str, token: str | None) -> None:
    """Refuse to serve on an address other machines reach without a token.

    Raises:
        ValueError: ``host`` is not a loopback address and there is no token.
    """
    if token or host in LOOPBACK_NAMES:
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(
            f"refusing to serve on {host} without a token: anyone who reaches it could read "
            "and change the store; give --token (or serve on 127.0.0.1)"
        )


class Guard:
    """ASGI middleware: security headers on every answer, and the body size limit."""

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, on_request: Callable[[], None] | None = None
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.on_request = on_request  # told of every request (``serve.preparing`` idles)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.on_request is not None:
            self.on_request()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(send_with_headers)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send_with_headers)
        except _TooLarge:
            await self._too_large(send_with_headers)

    async def _too_large(self, send: Send) -> None:
        body = json.dumps(
            error_body(413, f"the request body is over the limit of {self.max_body_bytes} bytes")
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
