package io.github.rnnkit.data.imdb;

/**
 * One labelled review of the Large Movie Review Dataset.
 *
 * @param split    train or test
 * @param id       the number in the file name {@code <id>_<rating>.txt}
 * @param rating   the star rating, 1-4 for negative and 7-10 for positive reviews
 * @param positive the label (the review's folder, {@code pos} or {@code neg})
 * @param text     the review, as written (with its {@code <br />} markup)
 */
public record Review(AclImdb.Split split, int id, int rating, boolean positive, String text) {
}
