/**
 * Reservoir computing: {@link io.github.rnnkit.core.esn.EchoStateNetwork}, a fixed random reservoir scaled to a
 * spectral radius with a ridge-regression readout, configured by {@link io.github.rnnkit.core.esn.EsnConfig}.
 */
package io.github.rnnkit.core.esn;
