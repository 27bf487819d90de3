package io.github.rnnkit.bench;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.presets.seq2seq.DecodeOptions;
import io.github.rnnkit.presets.seq2seq.Seq2SeqModel;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decoding cost against output length: rnnkit's step-wise decoder (encoder once, one decoder step per symbol with
 * carried state) beside the decoder of DL4J's seq2seq example (the whole graph re-run on the growing prefix for
 * every symbol), on the same model and inputs, forced to write exactly T symbols; plus greedy and beam-search
 * throughput on real inputs. Medians of interleaved repeats; where the two decoders choose different symbols (float
 * rounding on near ties) the run says so.
 */
public final class DecodeBenchmark {

    /**
     * @param lengths output lengths T to time
     * @param batch   inputs decoded together
     * @param repeats timed repeats per length and decoder (after one warm-up)
     */
    public record Options(List<Integer> lengths, int batch, int repeats, Path out) {
        public Options {
            Checks.notNull(lengths, "lengths");
            if (lengths.isEmpty() || lengths.stream().anyMatch(t -> t < 1)) {
                throw new IllegalArgumentException("lengths must be >= 1 each, at least one, got " + lengths);
            }
            Checks.positive(batch, "batch");
            Checks.positive(repeats, "repeats");
        }
    }

    /** One row of the length table. */
    public record Row(int length, Stats stepwise, Stats rerun) {
        double stepwisePerSymbol() {
            return stepwise.median() / length;
        }

        double rerunPerSymbol() {
            return rerun.median() / length;
        }
    }

    private DecodeBenchmark() {
    }

    /** Times both decoders at every length; {@code inputs} are cycled to fill the batch. */
    public static List<Row> lengths(Seq2SeqModel model, List<String> inputs, Options options, PrintWriter log) {
        List<String> batch = new ArrayList<>(options.batch());
        for (int i = 0; i < options.batch(); i++) {
            batch.add(inputs.get(i % inputs.size()));
        }
        List<Row> rows = new ArrayList<>();
        for (int t : options.lengths()) {
            int[][] a = model.greedyFixedLength(batch, t, false);          // warm-up, and the agreement check
            int[][] b = model.greedyFixedLength(batch, t, true);
            long differ = 0;
            for (int r = 0; r < a.length; r++) {
                differ += Arrays.equals(a[r], b[r]) ? 0 : 1;
            }
            if (differ > 0) {
                log.printf(Locale.ROOT, "note: at T=%d the two decoders chose different symbols for %d of %d inputs "
                        + "(float rounding on near ties)%n", t, differ, a.length);
            }
            double[] step = new double[options.repeats()];
            double[] rerun = new double[options.repeats()];
            for (int k = 0; k < options.repeats(); k++) {
                long t0 = System.nanoTime();
                model.greedyFixedLength(batch, t, false);
                step[k] = (System.nanoTime() - t0) / 1e6;
                t0 = System.nanoTime();
                model.greedyFixedLength(batch, t, true);
                rerun[k] = (System.nanoTime() - t0) / 1e6;
            }
            Row row = new Row(t, Stats.of(step), Stats.of(rerun));
            rows.add(row);
            log.printf(Locale.ROOT, "T=%3d  step-wise %9.1f ms (%.2f ms/symbol)  re-run graph %9.1f ms (%.2f ms/symbol)"
                            + "  ratio %.1fx%n", t, row.stepwise().median(), row.stepwisePerSymbol(),
                    row.rerun().median(), row.rerunPerSymbol(), row.rerun().median() / row.stepwise().median());
            log.flush();
        }
        return rows;
    }

    /** Words per second for greedy decoding and beam search of width {@code beam}, batched, on {@code inputs}. */
    public static double[] throughput(Seq2SeqModel model, List<String> inputs, int beam) {
        model.translate(inputs.subList(0, Math.min(256, inputs.size())), DecodeOptions.greedy());      // warm-up
        long t0 = System.nanoTime();
        model.translate(inputs, DecodeOptions.greedy());
        double greedy = inputs.size() / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        model.translate(inputs, DecodeOptions.beam(beam, 1));
        double beamRate = inputs.size() / ((System.nanoTime() - t0) / 1e9);
        return new double[]{greedy, beamRate};
    }

    /** The length table as markdown (written to {@code out/decode-lengths.md}). */
    public static Path write(List<Row> rows, int batch, double[] throughput, int beam, int throughputInputs, Path out)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Decoding %d inputs, forced to T output symbols (median ms)%n%n", batch));
        md.append("| T | step-wise (rnnkit) | per symbol | re-run graph (DL4J example) | per symbol | ratio |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %d | %.1f | %.2f | %.1f | %.2f | %.1fx |%n", r.length(),
                    r.stepwise().median(), r.stepwisePerSymbol(), r.rerun().median(), r.rerunPerSymbol(),
                    r.rerun().median() / r.stepwise().median()));
        }
        if (throughput != null) {
            md.append(String.format(Locale.ROOT, "%nThroughput on %d real inputs: greedy %.0f words/s, beam %d "
                    + "%.0f words/s%n", throughputInputs, throughput[0], beam, throughput[1]));
        }
        Files.createDirectories(out);
        Path file = out.resolve("decode-lengths.md");
        Files.writeString(file, md.toString());
        return file;
    }
}
