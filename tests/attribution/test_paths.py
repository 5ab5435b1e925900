"""Path-level files credited like ChannelAttribution: first, last and linear agree exactly with its heuristic
models, Markov with its simulated result within its noise (compared against the installed library)."""

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from partnerops.analytics.credit.models import Convention, CreditModel, CreditSettings
from partnerops.attribution.paths import PathFileError, credit_paths, read_paths

ca = pytest.importorskip("ChannelAttribution")


def _path_file(tmp_path: Path, seed: int = 7, rows: int = 300) -> Path:
    rng = np.random.default_rng(seed)
    channels = ["alpha", "beta", "gamma", "delta", "eps"]
    paths = [
        " > ".join(rng.choice(channels, size=rng.integers(1, 6), p=[0.3, 0.25, 0.2, 0.15, 0.1])) for _ in range(rows)
    ]
    conversions = rng.integers(0, 6, size=rows)
    frame = (
        pl.DataFrame(
            {
                "path": paths,
                "total_conversions": conversions,
                "total_conversion_value": conversions * rng.uniform(50, 150, size=rows).round(2),
                "total_null": rng.integers(0, 20, size=rows),
            }
        )
        .group_by("path")
        .agg(pl.sum("total_conversions", "total_conversion_value", "total_null"))
    )
    target = tmp_path / "paths.csv"
    frame.write_csv(target)
    return target


def _ours(
    file: Path, model: CreditModel, order: int = 1, convention: Convention = Convention.JOURNEY
) -> dict[str, tuple[float, float]]:
    result = credit_paths(read_paths(file), model, CreditSettings(order=order, convention=convention))
    return {row[0]: (row[1], row[2]) for row in result.iter_rows()}


def test_first_last_and_linear_agree_exactly_with_channelattribution(tmp_path: Path) -> None:
    file = _path_file(tmp_path)
    theirs = ca.heuristic_models(
        pl.read_csv(file).to_pandas(),
        "path",
        "total_conversions",
        var_value="total_conversion_value",
        sep=">",
        flg_pro=False,
    ).set_index("channel_name")
    for model, prefix in (
        (CreditModel.FIRST_TOUCH, "first"),
        (CreditModel.LAST_TOUCH, "last"),
        (CreditModel.LINEAR, "linear"),
    ):
        ours = _ours(file, model)
        for channel, (conversions, value) in ours.items():
            assert conversions == pytest.approx(theirs.loc[channel, f"{prefix}_touch_conversions"], rel=1e-9)
            assert value == pytest.approx(theirs.loc[channel, f"{prefix}_touch_value"], rel=1e-9)


@pytest.mark.parametrize("order", [1, 2])
def test_markov_agrees_with_channelattribution_within_its_simulation_noise(tmp_path: Path, order: int) -> None:
    file = _path_file(tmp_path)
    theirs = ca.markov_model(
        pl.read_csv(file).to_pandas(),
        "path",
        "total_conversions",
        var_value="total_conversion_value",
        var_null="total_null",
        order=order,
        sep=">",
        nsim_start=1e6,
        conv_par=0.01,
        verbose=False,
        flg_pro=False,
    ).set_index("channel_name")
    ours = _ours(file, CreditModel.MARKOV, order, Convention.GLOBAL)  # ChannelAttribution's convention
    total = sum(c for c, _ in ours.values())
    for channel, (conversions, _) in ours.items():
        # Their estimate converges to within conv_par of the total; ours is the exact solution.
        assert abs(conversions - theirs.loc[channel, "total_conversions"]) <= 0.02 * total


def test_credits_sum_to_the_file_totals_for_every_model(tmp_path: Path) -> None:
    file = _path_file(tmp_path, rows=60)
    frame = pl.read_csv(file)
    for model in CreditModel:
        result = credit_paths(read_paths(file), model, CreditSettings())
        assert result["total_conversions"].sum() == pytest.approx(frame["total_conversions"].sum())
        assert result["total_conversion_value"].sum() == pytest.approx(frame["total_conversion_value"].sum())


def test_a_bad_number_names_the_file_row_and_column(tmp_path: Path) -> None:
    file = tmp_path / "bad.csv"
    file.write_text("path,total_conversions,total_null\na > b,1,0\nb,lots,2\n")
    with pytest.raises(PathFileError, match=r"bad.csv: row 3, column total_conversions: 'lots'"):
        read_paths(file)


def test_spacing_and_blank_parts_read_like_the_clean_path(tmp_path: Path) -> None:
    messy, clean = tmp_path / "messy.csv", tmp_path / "clean.csv"
    messy.write_text('path,total_conversions\n" beta>alpha >  > beta ",2\nalpha,1\n')
    clean.write_text("path,total_conversions\nbeta > alpha > beta,2\nalpha,1\n")
    ours, expected = read_paths(messy), read_paths(clean)
    assert ours.channels == expected.channels == ("alpha", "beta")
    assert ours.steps.tolist() == expected.steps.tolist() == [1, 0, 1, 0]
    assert ours.offsets.tolist() == [0, 3, 4]


def test_a_negative_number_is_quoted_as_written(tmp_path: Path) -> None:
    file = tmp_path / "negative.csv"
    file.write_text("path,total_conversions,total_null\na,1,0\nb,2,-1\n")
    with pytest.raises(PathFileError, match=r"row 3, column total_null: '-1' is not a non-negative number"):
        read_paths(file)


def test_an_empty_path_names_its_row(tmp_path: Path) -> None:
    file = tmp_path / "empty.csv"
    file.write_text('path,total_conversions\na > b,1\n" > ",2\n')
    with pytest.raises(PathFileError, match=r"row 3: path is empty"):
        read_paths(file)
