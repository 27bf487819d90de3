package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.Checks;

import java.util.Locale;

/**
 * Scores of multi-step forecasts from many origins, beside the naive and seasonal-naive forecasts from the same
 * origins.
 *
 * <ul>
 *   <li>RMSE and MAE over every (origin, step) pair, in the series' units;</li>
 *   <li>MASE: MAE divided by the in-sample MAE of the seasonal-naive one-step forecast on the training part
 *       (Hyndman and Koehler 2006); below 1 beats that forecast's in-sample accuracy;</li>
 *   <li>NRMSE: RMSE divided by the standard deviation of the true values (the reservoir literature's measure;
 *       1 is what always forecasting the mean gives);</li>
 *   <li>RMSE and NRMSE at each step ahead, so the error at the last step (the "84-step-ahead" NRMSE of the
 *       Mackey-Glass benchmark) can be read off.</li>
 * </ul>
 *
 * @param origins          forecasts made
 * @param rmse             root mean squared error
 * @param mae              mean absolute error
 * @param mase             mean absolute scaled error
 * @param nrmse            RMSE / standard deviation of the truth
 * @param rmseByStep       RMSE at step h = 1..H ({@code rmseByStep[h - 1]})
 * @param truthStd         standard deviation of the true values (all steps)
 * @param naiveRmse        RMSE of repeating the last observed value
 * @param seasonalRmse     RMSE of the seasonal-naive forecast (the value one season before)
 * @param naiveMae         MAE of the naive forecast
 * @param seasonalMae      MAE of the seasonal-naive forecast
 * @param season           the season length used
 */
public record ForecastReport(int origins, double rmse, double mae, double mase, double nrmse, double[] rmseByStep,
                             double truthStd, double naiveRmse, double seasonalRmse, double naiveMae,
                             double seasonalMae, int season) {

    public ForecastReport {
        rmseByStep = rmseByStep.clone();
    }

    /**
     * Scores forecasts.
     *
     * @param forecast  [N][H] forecasts
     * @param truth     [N][H] true values
     * @param naive     [N][H] naive forecasts
     * @param seasonal  [N][H] seasonal-naive forecasts
     * @param maseScale in-sample MAE of the seasonal-naive one-step forecast on the training part (> 0)
     * @param season    the season length
     */
    public static ForecastReport of(double[][] forecast, double[][] truth, double[][] naive, double[][] seasonal,
                                    double maseScale, int season) {
        Checks.notNull(forecast, "forecast");
        Checks.notNull(truth, "truth");
        if (forecast.length == 0 || forecast.length != truth.length || naive.length != truth.length
                || seasonal.length != truth.length) {
            throw new IllegalArgumentException("need the same number (> 0) of forecasts, truths and baselines; got "
                    + forecast.length + ", " + truth.length + ", " + naive.length + ", " + seasonal.length);
        }
        int h = truth[0].length;
        double[] sqByStep = new double[h];
        double sq = 0, abs = 0, nSq = 0, nAbs = 0, sSq = 0, sAbs = 0, sum = 0, sumSq = 0;
        long n = 0;
        for (int i = 0; i < truth.length; i++) {
            if (forecast[i].length != h || truth[i].length != h) {
                throw new IllegalArgumentException("forecast " + i + " has " + forecast[i].length + " steps and its truth "
                        + truth[i].length + "; expected " + h);
            }
            for (int k = 0; k < h; k++) {
                double y = truth[i][k];
                double e = forecast[i][k] - y;
                sq += e * e;
                sqByStep[k] += e * e;
                abs += Math.abs(e);
                nSq += (naive[i][k] - y) * (naive[i][k] - y);
                nAbs += Math.abs(naive[i][k] - y);
                sSq += (seasonal[i][k] - y) * (seasonal[i][k] - y);
                sAbs += Math.abs(seasonal[i][k] - y);
                sum += y;
                sumSq += y * y;
                n++;
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
        double[] byStep = new double[h];
        for (int k = 0; k < h; k++) {
            byStep[k] = Math.sqrt(sqByStep[k] / truth.length);
        }
        double rmse = Math.sqrt(sq / n);
        double mae = abs / n;
        return new ForecastReport(truth.length, rmse, mae, maseScale > 0 ? mae / maseScale : Double.NaN,
                std > 0 ? rmse / std : Double.NaN, byStep, std, Math.sqrt(nSq / n), Math.sqrt(sSq / n), nAbs / n,
                sAbs / n, season);
    }

    /** Steps ahead per forecast. */
    public int horizon() {
        return rmseByStep.length;
    }

    /** NRMSE at the last step ahead (e.g. the 84-step-ahead NRMSE). */
    public double nrmseAtLastStep() {
        return truthStd > 0 ? rmseByStep[rmseByStep.length - 1] / truthStd : Double.NaN;
    }

    /** A plain-text table: the model beside the baselines. */
    public String toTable() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d forecasts of %d step(s) ahead%n", origins, horizon()));
        b.append(String.format(Locale.ROOT, "%-22s %12s %12s %10s %10s%n", "model", "RMSE", "MAE", "NRMSE", "MASE"));
        b.append(row("forecaster", rmse, mae));
        b.append(row("naive (last value)", naiveRmse, naiveMae));
        b.append(row("seasonal naive (m=" + season + ")", seasonalRmse, seasonalMae));
        if (horizon() > 1) {
            b.append(String.format(Locale.ROOT, "NRMSE at step 1: %.4g, at step %d: %.4g%n",
                    truthStd > 0 ? rmseByStep[0] / truthStd : Double.NaN, horizon(), nrmseAtLastStep()));
        }
        return b.toString();
    }

    private String row(String name, double r, double a) {
        double scale = mase > 0 && mae > 0 ? mae / mase : Double.NaN;
        return String.format(Locale.ROOT, "%-22s %12.5g %12.5g %10.4f %10.4f%n", name, r, a,
                truthStd > 0 ? r / truthStd : Double.NaN, a / scale);
    }
}
