"""What can go wrong in account mapping, in words a user can act on."""

from __future__ import annotations


class MappingError(Exception):
    """Base of the mapping errors; the CLI prints the message and the API answers 400/404."""


class UnknownPartner(MappingError):
    def __init__(self, partner: str) -> None:
        super().__init__(f"no partner with id {partner!r}; see `partnerops import partners` or the partners page")
        self.partner = partner


class AmbiguousPartner(MappingError):
    def __init__(self, partner: str, systems: list[str]) -> None:
        super().__init__(f"partner id {partner!r} exists in several source systems ({', '.join(systems)}); "
                         "name it as SYSTEM:ID, e.g. " + f"{systems[0]}:{partner}")
        self.partner = partner


class UnknownMatch(MappingError):
    def __init__(self, match_id: int) -> None:
        super().__init__(f"no match with id {match_id}; see `partnerops mapping review`")
        self.match_id = match_id
