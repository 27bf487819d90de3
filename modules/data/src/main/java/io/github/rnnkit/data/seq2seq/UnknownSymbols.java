package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies.Side;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tally of the symbols that {@link Seq2SeqVocabularies} mapped to UNK because they have no id of their own
 * (unseen in training, rarer than its {@code minCount}, or spelled like a special token), per side: how many
 * occurrences, in how many sequences, and which symbols. Keep one per job (the pairs of one
 * {@link ParallelBatches}, one translate call) and log it when the job is done. Thread-safe.
 *
 * <pre>{@code
 * UnknownSymbols unknown = new UnknownSymbols();
 * int[] ids = vocabularies.encodeSource(List.of("n", "a", "ï", "v", "e"), unknown);
 * unknown.occurrences(Side.SOURCE);        // 1 when 'ï' was never seen in training
 * log.warn("Mapped to UNK: {}", unknown);  // source: 1 in 1 sequence(s) (ï x1); target: none
 * }</pre>
 */
public final class UnknownSymbols {
    private static final int SYMBOLS_NAMED = 10;

    /** The counts of one side. */
    private static final class Tally {
        long occurrences;
        long sequences;
        final Map<String, Long> bySymbol = new HashMap<>();
    }

    private final Map<Side, Tally> tallies = new EnumMap<>(Side.class);

    /** An empty tally. */
    public UnknownSymbols() {
        for (Side side : Side.values()) {
            tallies.put(side, new Tally());
        }
    }

    /** Records the unknown symbols of one sequence of {@code side}; nothing when {@code symbols} is empty. */
    synchronized void add(Side side, List<String> symbols) {
        if (symbols.isEmpty()) {
            return;
        }
        Tally tally = tallies.get(side);
        tally.sequences++;
        tally.occurrences += symbols.size();
        for (String s : symbols) {
            tally.bySymbol.merge(s, 1L, Long::sum);
        }
    }

    /** How many symbols of {@code side} were mapped to UNK, repeats included. */
    public synchronized long occurrences(Side side) {
        return tallies.get(Checks.notNull(side, "side")).occurrences;
    }

    /** How many sequences of {@code side} held at least one symbol mapped to UNK. */
    public synchronized long sequences(Side side) {
        return tallies.get(Checks.notNull(side, "side")).sequences;
    }

    /** Each distinct symbol of {@code side} mapped to UNK and how often: most frequent first, ties by symbol. */
    public synchronized Map<String, Long> symbols(Side side) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(tallies.get(Checks.notNull(side, "side"))
                .bySymbol.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> out = new LinkedHashMap<>(sorted.size() * 2);
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
    }

    /** Whether no symbol of either side was mapped to UNK. */
    public synchronized boolean isEmpty() {
        return tallies.values().stream().allMatch(t -> t.occurrences == 0);
    }

    /** For the log: {@code source: 3 in 2 sequence(s) (q x2, z x1); target: none}, naming at most 10 symbols. */
    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder();
        for (Side side : Side.values()) {
            Tally t = tallies.get(side);
            sb.append(sb.isEmpty() ? "" : "; ").append(side.name().toLowerCase(Locale.ROOT)).append(": ");
            if (t.occurrences == 0) {
                sb.append("none");
                continue;
            }
            sb.append(t.occurrences).append(" in ").append(t.sequences).append(" sequence(s) (");
            int named = 0;
            for (Map.Entry<String, Long> e : symbols(side).entrySet()) {
                if (named == SYMBOLS_NAMED) {
                    sb.append(", and ").append(t.bySymbol.size() - named).append(" more");
                    break;
                }
                sb.append(named++ == 0 ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue());
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
