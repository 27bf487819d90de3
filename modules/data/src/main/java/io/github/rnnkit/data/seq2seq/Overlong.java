package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.core.Checks;

import java.util.List;

/**
 * What happens to a sequence longer than its configured maximum: refused, or cut to the maximum. The same choice
 * for training pairs ({@link ParallelBatches}) and for inputs at inference, so that both follow one rule.
 *
 * <pre>{@code
 * List<String> kept = Overlong.TRUNCATE.apply(pair.source(), 40, "maxSourceLength", pair.origin());
 * boolean cut = kept.size() < pair.source().size();   // the caller counts and logs these (WARN)
 * }</pre>
 */
public enum Overlong {
    /**
     * Refused with an {@link IllegalArgumentException} naming where the sequence came from, its length and the
     * limit.
     */
    REFUSE,
    /**
     * Cut to its first {@code max} symbols; the caller counts how many were cut and logs it at WARN, never silently.
     */
    TRUNCATE;

    /**
     * {@code symbols} itself when it holds at most {@code max}; otherwise its first {@code max}
     * ({@link #TRUNCATE}) or a refusal ({@link #REFUSE}).
     *
     * @param symbols   one side of a pair, or one input
     * @param max       the most symbols allowed, at least 1
     * @param limitName the limit as the caller's API spells it, for the message ({@code maxSourceLength})
     * @param origin    where the sequence came from ({@code file:line}, {@code input 7}), for the message
     * @return a view of {@code symbols}, not a copy
     * @throws IllegalArgumentException with {@link #REFUSE} when {@code symbols} is longer than {@code max}
     */
    public <T> List<T> apply(List<T> symbols, int max, String limitName, String origin) {
        Checks.notNull(symbols, "symbols");
        Checks.positive(max, "max");
        if (symbols.size() <= max) {
            return symbols;
        }
        if (this == REFUSE) {
            throw new IllegalArgumentException(origin + ": " + symbols.size() + " symbols, more than " + limitName
                    + " = " + max + " (Overlong.REFUSE); raise " + limitName + " or choose Overlong.TRUNCATE");
        }
        return symbols.subList(0, max);
    }
}
