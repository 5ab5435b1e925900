"""What can go wrong in recruiting, each error carrying what the user needs to fix it."""

from __future__ import annotations


class RecruitingError(Exception):
    """Base of recruiting errors."""


class UnknownCandidate(RecruitingError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"no candidate partner with id {ref!r}; import it with `partnerops import candidates FILE`")
        self.ref = ref


class AmbiguousCandidate(RecruitingError):
    def __init__(self, ref: str, systems: list[str]) -> None:
        super().__init__(f"candidate id {ref!r} exists in several source systems ({', '.join(systems)})")
        self.ref = ref


class InvalidMove(RecruitingError):
    def __init__(self, ref: str, current: str, target: str, allowed: tuple[str, ...]) -> None:
        to = ", ".join(allowed) or "nothing (the lifecycle has ended)"
        super().__init__(f"candidate {ref} is {current}; it can move to {to}, not {target}")


class CandidateChanged(RecruitingError):
    """Someone else moved the candidate between reading and writing (HTTP 409)."""

    def __init__(self, ref: str, expected: str, current: str) -> None:
        super().__init__(f"candidate {ref} was {expected} when read but is now {current}: someone else moved it; "
                         "read it again and retry")
