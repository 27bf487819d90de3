/**
 * Part-of-speech tagging data: readers of users' tagged files, the Brown corpus's universal tags and its
 * standard split.
 *
 * <ul>
 *   <li>Readers, each to {@link io.github.rnnkit.data.brown.TaggedSentence}s:
 *       {@link io.github.rnnkit.data.tagging.ConllU} (CoNLL-U, UPOS or XPOS),
 *       {@link io.github.rnnkit.data.tagging.TaggedTsv} (token TAB tag).</li>
 *   <li>Tags: {@link io.github.rnnkit.data.tagging.UniversalTagset} (Brown tags to the 12 universal tags of
 *       Petrov, Das and McDonald).</li>
 *   <li>Splitting: {@link io.github.rnnkit.data.tagging.BrownSplit} (seeded 80/10/10 split of Brown by
 *       document).</li>
 * </ul>
 *
 * The readers read UTF-8 strictly and refuse malformed input with the file and line named.
 */
package io.github.rnnkit.data.tagging;
