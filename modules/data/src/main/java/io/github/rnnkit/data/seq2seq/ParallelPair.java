package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.core.Checks;

import java.util.List;

/**
 * One source sequence and the target sequence it should be turned into, as symbols; for example a word's
 * letters and its phonemes, or a sentence's tokens and its translation's.
 *
 * @param source the input symbols, in order; at least one, none null
 * @param target the output symbols, in order; at least one, none null
 * @param origin where the pair was read, {@code file:line}, for messages
 */
public record ParallelPair(List<String> source, List<String> target, String origin) {
    public ParallelPair {
        source = List.copyOf(Checks.notNull(source, "source"));
        target = List.copyOf(Checks.notNull(target, "target"));
        Checks.notNull(origin, "origin");
        if (source.isEmpty()) {
            throw new IllegalArgumentException("source must hold at least one symbol (pair from " + origin + ")");
        }
        if (target.isEmpty()) {
            throw new IllegalArgumentException("target must hold at least one symbol (pair from " + origin + ")");
        }
    }
}
