"""Checks the Authorization header the way each JIRA flavour accepts credentials."""

import base64
import binascii
import hmac

from .config import SANDBOX_CREDENTIALS as CREDS

UNAUTHORIZED = {"errorMessages": ["You are not authenticated. Authentication required to perform this operation."],
                "errors": {}}


def _basic(header: str) -> tuple[str, str] | None:
    """(user, secret) from a Basic header, or None."""
    try:
        user, _, secret = base64.b64decode(header[6:], validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, secret


def authorized(header: str | None, is_cloud: bool) -> bool:
    """Cloud: Basic email + API token. Data Center: Bearer PAT, or Basic user + password."""
    header = header or ""
    if header.startswith("Basic "):
        pair = _basic(header)
        expected = (CREDS["email"], CREDS["api_token"]) if is_cloud else (CREDS["username"], CREDS["password"])
        return pair is not None and all(hmac.compare_digest(a, b) for a, b in zip(pair, expected))
    if header.startswith("Bearer ") and not is_cloud:
        return hmac.compare_digest(header[7:], CREDS["pat"])
    return False
