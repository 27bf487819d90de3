package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.data.classify.LabelledText;
import io.github.rnnkit.data.imdb.AclImdb;
import io.github.rnnkit.data.imdb.Review;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small, seeded, class-balanced subsets of the real IMDB archive (../shared/datasets/aclImdb-labelled.tar.gz). */
public final class ImdbSample {
    private static Map<AclImdb.Split, List<Review>> data;

    private ImdbSample() {
    }

    static Path archive() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared/datasets/aclImdb-labelled.tar.gz");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }

    static synchronized Map<AclImdb.Split, List<Review>> all() {
        if (data == null) {
            Path archive = archive();
            Assumptions.assumeTrue(archive != null, "../shared/datasets/aclImdb-labelled.tar.gz is not beside this checkout");
            try {
                data = AclImdb.read(archive);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return data;
    }

    /** {@code perClass} positive and {@code perClass} negative reviews of {@code split}, drawn with {@code seed}. */
    public static List<LabelledText> balanced(AclImdb.Split split, int perClass, long seed) {
        List<Review> pos = new ArrayList<>();
        List<Review> neg = new ArrayList<>();
        for (Review r : all().get(split)) {
            (r.positive() ? pos : neg).add(r);
        }
        Random random = new Random(seed);
        Collections.shuffle(pos, random);
        Collections.shuffle(neg, random);
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            out.add(pos.get(i).labelled());
            out.add(neg.get(i).labelled());
        }
        Collections.shuffle(out, random);
        return out;
    }
}
