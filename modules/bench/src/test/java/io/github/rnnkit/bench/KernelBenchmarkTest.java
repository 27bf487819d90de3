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
    void theTableGivesEachCandidateItsRatioToPyTorchOnTheSameShapeAndCell() {
        StepBenchmark.Shape s = new StepBenchmark.Shape(64, 256, 50, 32);
        KernelBenchmark.Result r = new KernelBenchmark.Result(List.of(
                new KernelBenchmark.Row("dl4j", RecurrentCell.LSTM, s, new Stats(300, 290, 310, 3), 5333, 10, 5),
                new KernelBenchmark.Row("pytorch", RecurrentCell.LSTM, s, new Stats(75, 70, 80, 3), 21333, 42, 21)),
                200, "torch test", "machine", "backend", "1", "17", 3, 3, "today");
        StringWriter text = new StringWriter();
        KernelBenchmark.print(r, new PrintWriter(text));
        assertTrue(text.toString().contains("| LSTM | (64, 256, 50, 32) | dl4j | 300.0 (290.0-310.0) | 5333 | 10.0 | 5% | 0.25x |"),
                text.toString());
        assertTrue(text.toString().contains("| pytorch | 75.0 (70.0-80.0) |"), text.toString());
    }

    @Test
    void referenceShapesAreThoseOfTheBenchmarkProtocol() {
        assertEquals(List.of("(64, 256, 50, 32)", "(64, 256, 50, 128)", "(128, 512, 50, 64)", "(128, 1024, 25, 128)"),
                KernelBenchmark.REFERENCE_SHAPES.stream().map(Object::toString).toList());
    }
}
