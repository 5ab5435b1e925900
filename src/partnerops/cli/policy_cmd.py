"""`partnerops policy`: show, check and start an attribution policy file."""

from __future__ import annotations

from pathlib import Path

import typer

from partnerops.cli.context import console, user_errors

app = typer.Typer(
    no_args_is_help=True
)

PolicyPath = typer.Option(None, "--policy", metavar="FILE", help="A policy YAML file; the default policy when left "
                          "out.")


@app.command("show")
def show(policy: Path | None = PolicyPath) -> None:
    """Print a policy with its version and the hash every result records."""
    import yaml

    from partnerops.attribution.policy_file import load_policy
    from partnerops.domain.policy import PolicyError

    with user_errors(PolicyError, OSError):
        loaded = load_policy(policy)
    console.print(f"[bold]version[/] {loaded.version}   [bold]digest[/] {loaded.digest}")
    console.print(yaml.safe_dump(loaded.model_dump(mode="json"), sort_keys=False), highlight=False)


@app.command("check")
def check(path: Path = typer.Argument(..., help="The policy YAML file to check.")) -> None:
    """Check a policy file; a problem is named by its field and the command exits 2."""
    from partnerops.attribution.policy_file import load_policy
    from partnerops.domain.policy import PolicyError

    with user_errors(PolicyError, OSError):
        loaded = load_policy(path)
    console.print(
        f"{path}: ok — version {loaded.version}, digest {loaded.digest}, co-sell from "
        f"{loaded.co_sell_threshold} qualifying touches, {len(loaded.qualifying_touch_types)} qualifying types"
    )


@app.command("init")
def init(path: Path = typer.Argument(..., help="Where to write a copy of the default policy.")) -> None:
    """Write a copy of the default policy to edit (give your edit a new version)."""
    from partnerops.attribution.policy_file import default_policy_text

    if path.exists():
        console.print(f"{path} exists; not overwriting it")
        raise typer.Exit(2)
    path.write_text(default_policy_text(), encoding="utf-8")
    console.print(
        f"wrote {path}: edit it, change `version`, then `partnerops attribution run --policy {path}`"
    )
