"""Aliases seeded for a partner, as people say and write its name: the name as registered, without legal forms
or "Group" ("Lido Group Ltd" -> "Lido"), without a leading "The", its acronym when it has one worth saying
("Amazon Web Services" -> "AWS"), its domain and the domain's brand ("accenture.co.uk" -> "accenture")."""

from __future__ import annotations

import functools
import re

from publicsuffixlist import PublicSuffixList

from partnerops.domain.company_names import ABBREVIATIONS, LEGAL_FORMS
from partnerops.domain.registration_rules import normalise_domain
from partnerops.signals.alias_words import is_common
from partnerops.signals.trackers import TrackerRules, rules_from_json

# Trailing words a name sheds in speech: legal forms (written out or not), "Group", "Holdings", and the "&" of
# "GmbH & Co. KG".
SHED_WORDS = frozenset({*LEGAL_FORMS, *(word for word, short in ABBREVIATIONS.items() if short in LEGAL_FORMS),
                        "&", "and"})
# Words an acronym skips: "Bank of America" is not "BOA" in anyone's mouth, "Amazon Web Services" is "AWS".
LINKING_WORDS = frozenset({"of", "and", "&", "the", "for", "de", "du", "der", "und", "et", "y"})
MIN_ACRONYM, MAX_ACRONYM = 3, 6


@functools.cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()


def spoken_names(name: str) -> list[str]:
    """The name, without its legal forms and "Group" words, and without a leading "The"."""
    words = " ".join(name.split()).split(" ")
    while len(words) > 1 and _bare(words[-1]) in SHED_WORDS:
        words = words[:-1]
    short = " ".join(words).rstrip(",")
    found = [short]
    if len(words) > 1 and words[0].lower() == "the":
        found.append(" ".join(words[1:]))
    return found


def _bare(word: str) -> str:
    return re.sub(r"[.,()]", "", word).lower()


def acronym(name: str) -> str | None:
    """"Amazon Web Services" -> "AWS": the capitals of three or more words, when not a common word."""
    words = [w for w in re.split(r"[\s\-/]+", spoken_names(name)[0]) if w and w.lower() not in LINKING_WORDS]
    if len(words) < MIN_ACRONYM or not all(w[:1].isupper() for w in words):
        return None
    letters = "".join(w[0] for w in words)
    if not MIN_ACRONYM <= len(letters) <= MAX_ACRONYM or not letters.isalpha() or is_common(letters):
        return None
    return letters


def domain_aliases(domain: str | None) -> list[str]:
    """The domain as written in addresses and links, and its brand in words ("acme-cloud.com" -> "acme cloud"),
    unless the domain is a subdomain or the brand a common word."""
    host = normalise_domain(domain)
    if not host:
        return []
    registrable = _suffixes().privatesuffix(host) or host
    if registrable != host:
        # "aws.amazon.com": the parent domain's brand is a larger company than the partner.
        return [host]
    public = _suffixes().publicsuffix(registrable) or ""
    brand = registrable[:-len(public) - 1] if public and registrable != public else registrable.split(".")[0]
    spoken = brand.replace("-", " ").replace(".", " ").strip()
    return [host] + ([spoken] if spoken and not is_common(spoken) else [])


def partner_rules(name: str, domain: str | None) -> TrackerRules:
    """A partner tracker's rules: every alias above, the acronym matched only as written."""
    short = acronym(name)
    return rules_from_json({"aliases": [name.strip(), *spoken_names(name.strip()), *domain_aliases(domain)],
                            "exact_case": [short] if short else []})
