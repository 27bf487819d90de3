/**
 * Model files: {@link io.github.rnnkit.core.bundle.ModelBundle} (one zip with network, config, artifacts,
 * provenance and, for checkpoints, training state), {@link io.github.rnnkit.core.bundle.Provenance} and
 * {@link io.github.rnnkit.core.bundle.Versions}.
 */
package io.github.rnnkit.core.bundle;
