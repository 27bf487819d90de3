package io.github.rnnkit.presets.timeseries;

/** How a forecaster predicts more than one step ahead. */
public enum Strategy {
    /**
     * One model output per horizon step: the network reads the lookback window and writes all H future values
     * at once (a many-to-one network with H outputs; an ESN readout with H columns). Works with extra input
     * columns whose future is unknown.
     */
    DIRECT,
    /**
     * One step at a time: the model is trained to predict the next value at every step of the window
     * (many-to-many), and forecasts by feeding each prediction back as the next input, carrying the recurrent
     * state ({@code rnnTimeStep}; an ESN runs free with output feedback). The series must be its own only
     * input (univariate), since the future of other columns is unknown.
     */
    RECURSIVE
}
