package io.github.rnnkit.presets.seq2seq;

import io.github.rnnkit.core.plot.HeatmapPlot;

import java.awt.image.BufferedImage;
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
        plot(title).writePng(file);
    }

    /** The same heat map as an image (a notebook cell ending in it shows it inline). */
    public BufferedImage image(String title) {
        return plot(title).render();
    }

    private HeatmapPlot plot(String title) {
        return new HeatmapPlot(title, "source", "output", source, new ArrayList<>(output), weights);
    }
}
