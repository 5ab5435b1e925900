"""Registrable domains of accounts: public-suffix rules from the snapshot in `publicsuffixlist`, no network.

A registrable domain is the public suffix plus one label (`shop.bbc.co.uk` -> `bbc.co.uk`). Free-mail
providers name no company, so their domains never match an account.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

# Consumer mailbox providers: one list for mapping and for the rules of engagement.
from partnerops.domain.company_names import FREE_MAIL_DOMAINS

__all__ = ["FREE_MAIL_DOMAINS", "host_of", "is_free_mail", "registrable_domain"]

_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@lru_cache(maxsize=1)
def _suffix_list() -> PublicSuffixList:
    # The list shipped inside the package; `PublicSuffixList()` never fetches.
    return PublicSuffixList()


def host_of(value: str) -> str | None:
    """The lower-case host named by a URL, an e-mail address or a bare host; None when there is none."""
    text = value.strip().lower()
    if not text:
        return None
    if "@" in text and "://" not in text:
        text = text.rsplit("@", 1)[1]
    if "://" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels):
        return None
    return host


def is_free_mail(domain: str) -> bool:
    """Whether a registrable domain belongs to a consumer mailbox provider."""
    return domain in FREE_MAIL_DOMAINS


def registrable_domain(value: str) -> str | None:
    """The registrable domain of a URL, e-mail or host (`https://shop.bbc.co.uk/x` -> `bbc.co.uk`).

    None for free-mail providers, bare public suffixes, IP addresses and anything that is not a host name.
    """
    host = host_of(value)
    if host is None or host.replace(".", "").isdigit():
        return None
    domain = _suffix_list().privatesuffix(host)
    if domain is None or is_free_mail(domain):
        return None
    return domain
