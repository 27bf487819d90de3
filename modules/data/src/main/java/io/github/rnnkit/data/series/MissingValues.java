package io.github.rnnkit.data.series;

/** What a series reader does with an empty cell (or {@code NA}, {@code NaN}, {@code null}, {@code .}). */
public enum MissingValues {
    /** Refuse the file, naming the file, line and column of the first missing value. */
    REFUSE,
    /** Fill each gap by a straight line between the values around it (the nearest value at either end). */
    INTERPOLATE,
    /** Repeat the last value before the gap (the first value for a gap at the start). */
    FORWARD_FILL
}
