/**
 * Many-to-one text classification: sentiment, spam, or a user's own labels, with word-LM pretraining and the
 * linear peer every report stands beside.
 *
 * <ul>
 *   <li>Models: {@link io.github.rnnkit.presets.sentiment.TextClassifier} (with
 *       {@link io.github.rnnkit.presets.sentiment.TextClassifierConfig} and
 *       {@link io.github.rnnkit.presets.sentiment.Pooling}), the sentiment preset
 *       {@link io.github.rnnkit.presets.sentiment.SentimentClassifier}.</li>
 *   <li>Pretraining: {@link io.github.rnnkit.presets.sentiment.WordLanguageModel} and
 *       {@link io.github.rnnkit.presets.sentiment.WordLmConfig}.</li>
 *   <li>Data: {@link io.github.rnnkit.presets.sentiment.TextSplits} (IMDB, SpamAssassin, CSV/TSV, folders).</li>
 *   <li>Scores and peers: {@link io.github.rnnkit.presets.sentiment.ClassificationReport},
 *       {@link io.github.rnnkit.presets.sentiment.NgramLinearClassifier} (TF-IDF / NB-scaled n-grams, Tribuo's
 *       logistic regression).</li>
 * </ul>
 */
package io.github.rnnkit.presets.sentiment;
