package io.github.rnnkit.presets.seq2seq;

import io.github.rnnkit.core.plot.HeatmapPlot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the decoder looked while writing one greedy output: {@code weights[i][j]} is the attention on source
 * symbol j when output symbol i (EOS last) was written; each row sums to 1.
 */
public record AttentionMap(List<String> source, List<String> output, double[][] weights) {
    public AttentionMap {
        source = List.copyOf(source);
        output = List.copyOf(output);
    }

    /** A heatmap PNG: source symbols across, output symbols down. */
    public void writePng(Path file, String title) throws IOException {
        List<String> rows = new ArrayList<>(output);
        new HeatmapPlot(title, "source", "output", source, rows, weights).writePng(file);
    }
}
