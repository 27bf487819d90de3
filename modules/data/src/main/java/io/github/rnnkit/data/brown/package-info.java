/** The Brown corpus: {@link io.github.rnnkit.data.brown.BrownCorpus} reads NLTK's layout into {@link io.github.rnnkit.data.brown.TaggedSentence}s and raw text. */
package io.github.rnnkit.data.brown;
