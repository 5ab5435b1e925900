"""The forecast and its backtest as one self-contained HTML file: inline CSS and SVG charts, nothing fetched."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from partnerops.analytics.forecast_model import Backtest, Forecast
from partnerops.reports import forecast_charts, forecast_text
from partnerops.reports.templating import environment

__all__ = ["render_forecast_html", "write_forecast_html"]


def render_forecast_html(forecast: Forecast, backtest: Backtest) -> str:
    """The forecast page as text."""
    return environment.get_template("forecast.html.j2").render(
        forecast=forecast,
        backtest=backtest,
        text=forecast_text,
        dimensions=forecast_text.DIMENSION_TITLES,
        charts={
            "expected": Markup(forecast_charts.expected_chart(forecast)),
            "backtest": Markup(forecast_charts.backtest_chart(backtest)),
            "calibration": Markup(forecast_charts.calibration_chart(backtest.calibration)),
        },
    )


def write_forecast_html(forecast: Forecast, backtest: Backtest, path: Path | str) -> Path:
    """Write the forecast page to `path` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(render_forecast_html(forecast, backtest), encoding="utf-8")
    return target
