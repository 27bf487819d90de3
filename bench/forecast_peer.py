#!/usr/bin/python3
"""Holt-Winters (statsmodels' ExponentialSmoothing) on the same series, splits and forecast origins as
`rnnkit bench forecast`: the classical peer a forecaster is measured against (docs/benchmarks.md).

Usage: bench/forecast_peer.py STATSMODELS_ROOT   (the unpacked python3-statsmodels package, from rnnkit's cache)
Smoothing parameters are fitted once on the training part (70%); each test origin's forecast then runs the
smoothing recursions with those parameters over the series up to the origin (no refit), as rnnkit's models do.
"""
import sys
import time

import numpy as np
import pandas as pd
from statsmodels.tsa.holtwinters import ExponentialSmoothing

root = sys.argv[1] + "/usr/lib/python3/dist-packages/statsmodels/datasets/"
# name: (csv, column, horizon, season, rnnkit model lookback incl. differencing, trend, seasonal)
SERIES = {
    "co2": ("co2/co2.csv", "co2", 52, 52, 104 + 52, "add", "add"),
    "sunspots": ("sunspots/sunspots.csv", "SUNACTIVITY", 11, 11, 33, None, "add"),
}


def scores(forecasts, truth):
    e = forecasts - truth
    return np.sqrt(np.mean(e ** 2)), np.mean(np.abs(e)), np.sqrt(np.mean(e ** 2)) / np.std(truth)


print("| series (test part) | peer | RMSE | MAE | NRMSE | NRMSE at last step | fit |")
print("|---|---|---|---|---|---|---|")
for name, (csv, column, h, m, lookback, trend, seasonal) in SERIES.items():
    y = pd.read_csv(root + csv)[column].astype(float).interpolate(method="linear", limit_direction="both").to_numpy()
    n = len(y)
    train_end = int(round(n * 0.7))
    test_start = int(round(n * 0.8))
    origins = list(range(max(test_start - 1, lookback - 1), n - h))
    start = time.time()
    fit = ExponentialSmoothing(y[:train_end], trend=trend, seasonal=seasonal, seasonal_periods=m,
                               initialization_method="estimated").fit()
    params = fit.params
    fitted = time.time() - start
    f = np.zeros((len(origins), h))
    t = np.zeros((len(origins), h))
    for i, o in enumerate(origins):
        model = ExponentialSmoothing(y[:o + 1], trend=trend, seasonal=seasonal, seasonal_periods=m,
                                     initialization_method="known", initial_level=params["initial_level"],
                                     initial_trend=params.get("initial_trend") if trend else None,
                                     initial_seasonal=params["initial_seasons"])
        res = model.fit(smoothing_level=params["smoothing_level"],
                        smoothing_trend=params.get("smoothing_trend") if trend else None,
                        smoothing_seasonal=params["smoothing_seasonal"], optimized=False)
        f[i] = res.forecast(h)
        t[i] = y[o + 1:o + 1 + h]
    rmse, mae, nrmse = scores(f, t)
    last = np.sqrt(np.mean((f[:, -1] - t[:, -1]) ** 2)) / np.std(t)
    label = "Holt-Winters (%s trend, additive season %d)" % (trend or "no", m)
    print("| %s (%d forecasts of %d steps) | %s | %.4g | %.4g | %.4g | %.3g | %.1f s |"
          % (name, len(origins), h, label, rmse, mae, nrmse, last, fitted))
