/** File helpers: {@link io.github.rnnkit.core.io.AtomicFiles} (crash-safe writes) and {@link io.github.rnnkit.core.io.Json}. */
package io.github.rnnkit.core.io;
