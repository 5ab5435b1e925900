"""Versioned settings documents (the attribution policy, the rules of engagement): YAML text validated into a
model, every problem named by its field so the user can fix the file."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


def parse_settings(model: type[Model], text: str, *, source: str, what: str, error: type[ValueError]) -> Model:
    """`text` (YAML) as a `model`; `error` names `source` and every field at fault."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise error(f"{source}: not valid YAML: {exc}") from exc
    return validate_settings(model, data, source=source, what=what, error=error)


def validate_settings(model: type[Model], data: Any, *, source: str, what: str, error: type[ValueError]) -> Model:
    """`data` (a mapping) as a `model`; `what` names the document in messages ("policy", "rules")."""
    if not isinstance(data, dict):
        raise error(f"{source}: expected a mapping of {what} settings, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or f'({what})'}: {err['msg']}" for err in exc.errors()
        )
        raise error(f"{source}: {problems}") from exc
