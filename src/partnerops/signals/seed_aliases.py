"""Aliases seeded for a partner, as people say and write its name: the name as registered, without legal forms
or "Group" ("Lido Group Ltd" -> "Lido"), without a leading "The", its acronym when it has one worth saying
("Amazon Web Services" -> "AWS"), its domain and the domain's brand ("accenture.co.uk" -> "accenture")."""

from __future__ import annotations

import functools
import re
import unicodedata

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
# Words that say what a company does, which people leave off when they name it ("Cisco" for "Cisco Systems").
DESCRIPTIVE_WORDS = frozenset({
    "systems", "system", "technologies", "technology", "software", "networks", "network", "communications",
    "solutions", "labs", "laboratories", "analytics", "data", "computing", "interactive", "digital", "cloud",
    "consulting", "services", "platforms", "pharmaceuticals", "therapeutics", "biosciences", "sciences",
    "semiconductor", "electronics", "international", "worldwide", "global", "partners", "partnership", "ventures",
    "enterprises", "industries", "corp", "inc", "company",
})
MIN_SHORT_NAME = 4
APOSTROPHES = str.maketrans({"'": "’", "’": "'"})
WEB_SUFFIX = re.compile(r"\.(?:com|net|org|io|ai|co)$", re.IGNORECASE)


@functools.cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()


def spoken_names(name: str) -> list[str]:
    """The name, without its legal forms and "Group" words, a web suffix ("Salesforce.com") and a leading "The"."""
    words = " ".join(name.split()).split(" ")
    while len(words) > 1 and _bare(words[-1]) in SHED_WORDS:
        words = words[:-1]
    short = WEB_SUFFIX.sub("", " ".join(words).rstrip(",")) or " ".join(words)
    found = [short]
    if len(words) > 1 and words[0].lower() == "the":
        found.append(short.split(" ", 1)[1])
    return found


def short_name(name: str) -> str | None:
    """"Cisco Systems" -> "Cisco", "Nimbus Data Systems" -> "Nimbus": the one word left once the words that say
    what a company does are gone, when it is distinctive enough to say alone."""
    words = spoken_names(name)[-1].split(" ")
    while len(words) > 1 and _bare(words[-1]) in DESCRIPTIVE_WORDS:
        words = words[:-1]
    word = words[0].rstrip(",")
    if len(words) > 1 or word == spoken_names(name)[-1] or len(word) < MIN_SHORT_NAME or is_common(word):
        return None
    return word


def spellings(alias: str) -> list[str]:
    """The other ways one alias is written: without accents ("Nestlé" -> "Nestle"), hyphens as spaces or
    nothing ("Coca-Cola" -> "Coca Cola", "CocaCola"), "&" and "and" for each other ("AT&T" -> "AT and T"),
    a typographic apostrophe for a straight one and back ("Lowe's" -> "Lowe’s")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", alias) if not unicodedata.combining(c))
    found = [plain]
    if re.search(r"\w-\w", alias):
        found += [re.sub(r"(?<=\w)-(?=\w)", " ", plain), re.sub(r"(?<=\w)-(?=\w)", "", plain)]
    if " & " in alias:
        found.append(plain.replace(" & ", " and "))
    if " and " in alias:
        found.append(plain.replace(" and ", " & "))
    if re.search(r"\w&\w", alias):
        found += [re.sub(r"(?<=\w)&(?=\w)", " and ", plain), re.sub(r"(?<=\w)&(?=\w)", " & ", plain)]
    found += [f.translate(APOSTROPHES) for f in [alias, *found] if "'" in f or "’" in f]
    return list(dict.fromkeys(f for f in found if f != alias))


def _joined(alias: str) -> list[str]:
    """A two-word name as one, hyphenated or not ("Coca Cola" -> "Coca-Cola", "CocaCola")."""
    words = alias.split(" ")
    if len(words) != 2 or not all(w[:1].isalpha() for w in words):
        return []
    return ["-".join(words), "".join(words)]


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


def ampersand_initials(name: str) -> str | None:
    """"Procter & Gamble" -> "P&G", "Johnson & Johnson" -> "J&J": the initials two names joined by "&" go by."""
    found = re.fullmatch(r"(?:The )?([A-Z])[\w'’.-]* (?:&|and) ([A-Z])[\w'’.-]*", spoken_names(name)[-1])
    return f"{found[1]}&{found[2]}" if found else None


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
    """A partner tracker's rules: every alias above and its other spellings; the acronym and the short name
    matched only as written ("Kestrel" or "KESTREL", never the bird), each also in lower case where a text has
    no capitals at all (automatic captions)."""
    name = name.strip()
    initials, shorter = acronym(name), short_name(name)
    said = [name, *spoken_names(name)]
    said += [joined for alias in spoken_names(name) for joined in _joined(alias)]
    both = ampersand_initials(name)
    exact = [*([initials] if initials else []), *([both] if both else []),
             *([shorter, shorter.upper()] if shorter else [])]
    return rules_from_json({"aliases": [*said, *(s for alias in said for s in spellings(alias)),
                                        *domain_aliases(domain)],
                            "exact_case": [*exact, *(s for alias in exact for s in spellings(alias))]})
