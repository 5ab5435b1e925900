"""Whether a file's day/month dates read one way only, judged over the whole file: a value that contradicts the
chosen --date-format refuses the file at once (nothing is kept); without a format, each date that reads either way
round is quarantined like any unreadable value (the other rows land), and the end of the file offers the order its
unambiguous rows prove, as one command that fixes them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from partnerops.ingest.dates import readings
from partnerops.ingest.errors import DatesReadTwoWays
from partnerops.ingest.kinds import KindSpec
from partnerops.ingest.reader import ROW


@dataclass(frozen=True)
class Sighting:
    """One row's date that proves something about the file's order."""

    row: int
    field: str
    value: str
    separator: str

    def format(self, day_first: bool) -> str:
        order = ("%d", "%m") if day_first else ("%m", "%d")
        year = "%Y" if len(self.value.split(self.separator)[-1].split()[0]) == 4 else "%y"
        return self.separator.join((*order, year))


@dataclass
class DateOrder:
    """Evidence gathered chunk by chunk (`observe`) and judged at the end of the file (`conclude`)."""

    file: Path
    fields: tuple[str, ...]
    date_format: str | None
    first: dict[str, Sighting] = field(default_factory=dict)

    @classmethod
    def for_import(cls, file: Path, spec: KindSpec, date_format: str | None) -> DateOrder:
        return cls(file, tuple(f.name for f in spec.fields if f.parse == "date"), date_format)

    def observe(self, frame: pl.DataFrame) -> None:
        """`frame` is a validated chunk (each date field's text, `<field>__v` and `<field>__dm`)."""
        for name in self.fields:
            if f"{name}__dm" not in frame.columns:
                continue
            for kind, sighting in _sightings(frame, name, self.date_format).items():
                if kind == "contradiction":
                    raise self._contradiction(sighting)
                if kind not in self.first or sighting.row < self.first[kind].row:
                    self.first[kind] = sighting

    def conclude(self) -> str | None:
        """Without a format, the offer for the dates that read either way round (None when there are none)."""
        ambiguous = self.first.get("ambiguous")
        if self.date_format is not None or ambiguous is None:
            return None
        return (f"dates that read either way round were quarantined (first: row {ambiguous.row}, {ambiguous.field} "
                f"'{ambiguous.value}'); {self._proof(ambiguous)}")

    def _proof(self, ambiguous: Sighting) -> str:
        day, month = self.first.get("day_first"), self.first.get("month_first")
        if day and month:
            return (f"row {day.row} has '{day.value}' (day first) but row {month.row} has '{month.value}' "
                    "(month first): the file mixes both orders, so correct it at the source")
        retry = f'partnerops quarantine retry --file {self.file.name} --reason "ambiguous date" --date-format'
        if day or month:
            proof = day or month
            assert proof is not None
            order = "day first" if day else "month first"
            return f"row {proof.row} has '{proof.value}', so dates are {order}: {retry} {proof.format(day is not None)}"
        return (f"no row proves either order: once you know which, {retry} {ambiguous.format(True)} (or "
                f"{ambiguous.format(False)})")

    def _contradiction(self, seen: Sighting) -> DatesReadTwoWays:
        other = seen.format(not format_is_day_first(self.date_format or ""))
        message = (f"row {seen.row} has {seen.field} '{seen.value}', which --date-format {self.date_format} "
                   f"cannot read but {other} can: the file's dates are the other way round; nothing was imported, "
                   f"pass --date-format {other}")
        return DatesReadTwoWays(self.file, seen.row, seen.field, seen.value, message)


def format_is_day_first(date_format: str) -> bool | None:
    """Whether a strftime format puts the day before the month (None when it has not both)."""
    day, month = date_format.find("%d"), date_format.find("%m")
    return None if day < 0 or month < 0 else day < month


def _kinds(name: str, date_format: str | None) -> dict[str, pl.Expr]:
    """Conditions for each kind of evidence: without a format, which order a date proves; with one, a value
    the format cannot read that the other order can."""
    day_first, month_first = readings(pl.col(f"{name}__dm"), short_years=date_format is not None)
    only_day_first = day_first.is_not_null() & month_first.is_null()
    only_month_first = month_first.is_not_null() & day_first.is_null()
    if date_format is None:
        both = day_first.is_not_null() & month_first.is_not_null() & (day_first != month_first)
        return {"ambiguous": both, "day_first": only_day_first, "month_first": only_month_first}
    day_first_format = format_is_day_first(date_format)
    if day_first_format is None:
        return {}
    proves_other = only_month_first if day_first_format else only_day_first
    return {"contradiction": pl.col(f"{name}__v").is_null() & proves_other}


def _sightings(frame: pl.DataFrame, name: str, date_format: str | None) -> dict[str, Sighting]:
    """The first row of each kind of evidence in this chunk for one date field."""
    parts = pl.col(f"{name}__dm")
    kinds = _kinds(name, date_format)
    dated = frame.filter(parts.struct.field("first").is_not_null())
    if dated.height == 0 or not kinds:
        return {}
    marked = dated.select(ROW, pl.col(name), parts.struct.field("sep"), *(e.alias(k) for k, e in kinds.items()))
    found: dict[str, Sighting] = {}
    for kind in kinds:
        hit = marked.filter(pl.col(kind)).head(1)
        if hit.height:
            row, value, separator = hit.row(0)[:3]
            found[kind] = Sighting(int(row), name, str(value), str(separator))
    return found
