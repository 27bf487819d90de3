package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.data.seq2seq.CmuDict.Stress;
import io.github.rnnkit.data.store.DatasetStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/** The pinned npm CMUdict, fetched into the default cache on first use and read once per stress setting. */
final class RealCmuDict {
    private static final Map<Stress, CmuDict> READ = new EnumMap<>(Stress.class);

    private RealCmuDict() {
    }

    static synchronized CmuDict get(Stress stress) {
        return READ.computeIfAbsent(stress, s -> {
            try {
                return CmuDict.fetch(DatasetStore.defaultStore(), s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
