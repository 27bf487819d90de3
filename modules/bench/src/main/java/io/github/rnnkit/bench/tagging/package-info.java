/**
 * Sequence-tagging peers for rnnkit's recurrent tagger, trained and scored on the same sentences in the same run.
 *
 * <ul>
 *   <li>Apache OpenNLP's maximum-entropy / perceptron part-of-speech tagger: {@link io.github.rnnkit.bench.tagging.OpenNlpTagger}.</li>
 * </ul>
 */
package io.github.rnnkit.bench.tagging;
