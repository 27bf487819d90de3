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
    /** The label of a positive review. */
    public static final String POSITIVE = "pos";
    /** The label of a negative review. */
    public static final String NEGATIVE = "neg";

    /** This review as a labelled text ({@value #POSITIVE} or {@value #NEGATIVE}), its origin the archive path. */
    public io.github.rnnkit.data.classify.LabelledText labelled() {
        String label = positive ? POSITIVE : NEGATIVE;
        return new io.github.rnnkit.data.classify.LabelledText(text, label, "aclImdb/"
                + split.name().toLowerCase(java.util.Locale.ROOT) + "/" + label + "/" + id + "_" + rating + ".txt");
    }
}
