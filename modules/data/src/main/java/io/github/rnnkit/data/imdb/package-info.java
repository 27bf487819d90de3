/** The Large Movie Review Dataset: {@link io.github.rnnkit.data.imdb.AclImdb} reads it into {@link io.github.rnnkit.data.imdb.Review}s. */
package io.github.rnnkit.data.imdb;
