package io.github.rnnkit.bench;

import io.github.rnnkit.core.RecurrentCell;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelBenchmarkTest {
    @Test
    void theTableGivesEachCandidateItsRatioToPyTorchOnTheSameShapeCellAndWorkload() {
        StepBenchmark.Shape s = new StepBenchmark.Shape(64, 256, 50, 32);
        StepBenchmark.Workload step = StepBenchmark.Workload.STEP;
        StepBenchmark.Workload layer = StepBenchmark.Workload.LAYER;
        KernelBenchmark.Result r = new KernelBenchmark.Result(List.of(
                new KernelBenchmark.Row("dl4j", RecurrentCell.LSTM, s, step, new Stats(300, 290, 310, 3), 5333, 10, 5, 900),
                new KernelBenchmark.Row("pytorch", RecurrentCell.LSTM, s, step, new Stats(75, 70, 80, 3), 21333, 42, 21, Double.NaN),
                new KernelBenchmark.Row("rnnkit", RecurrentCell.LSTM, s, layer, new Stats(25, 24, 26, 3), 64000, 120, 60, 12),
                new KernelBenchmark.Row("pytorch", RecurrentCell.LSTM, s, layer, new Stats(50, 49, 51, 3), 32000, 60, 30, Double.NaN)),
                200, "torch test", "machine", "backend", "OpenBLAS 0.3.21", "1", "on", "17", 3, 3, "today");
        StringWriter text = new StringWriter();
        KernelBenchmark.print(r, new PrintWriter(text));
        assertTrue(text.toString().contains("| step | LSTM | (64, 256, 50, 32) | dl4j | 300.0 (290.0-310.0) | 5333 | 10.0 | 5% | 0.25x | 900 |"),
                text.toString());
        assertTrue(text.toString().contains("| layer | LSTM | (64, 256, 50, 32) | rnnkit | 25.0 (24.0-26.0) | 64000 | 120.0 | 60% | 2.00x | 12 |"),
                text.toString());
        assertTrue(text.toString().contains("| pytorch | 75.0 (70.0-80.0) |"), text.toString());
    }

    @Test
    void referenceShapesAreThoseOfTheBenchmarkProtocol() {
        assertEquals(List.of("(64, 256, 50, 32)", "(64, 256, 50, 128)", "(128, 512, 50, 64)", "(128, 1024, 25, 128)"),
                KernelBenchmark.REFERENCE_SHAPES.stream().map(Object::toString).toList());
    }
}
