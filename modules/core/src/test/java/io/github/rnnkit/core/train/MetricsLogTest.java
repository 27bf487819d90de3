package io.github.rnnkit.core.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsLogTest {
    @Test
    void writesOneJsonLinePerBatchAndEpochAndACurvePng(@TempDir Path dir) throws IOException {
        try (MetricsLog log = new MetricsLog(dir)) {
            for (int i = 1; i <= 30; i++) {
                log.onBatch(new BatchReport(0, i, 30, i, 3.0 / i, 1.5, 64, 1000, Duration.ofSeconds(i), null));
            }
            log.onEpoch(new EpochReport(0, 30, 0.5, "val_bpc", 2.25, true, Duration.ofSeconds(30)));
            log.onFinish(new TrainingResult(StopReason.COMPLETED, TrainingState.start(), 2.25, null,
                    Duration.ofSeconds(30)));
        }
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertEquals(31, lines.size());
        assertTrue(lines.get(0).startsWith("{\"type\":\"batch\",\"epoch\":1,\"iteration\":1,\"loss\":3.00000"),
                lines.get(0));
        assertTrue(lines.get(30).contains("\"val_bpc\":2.25000") && lines.get(30).contains("\"improved\":true"),
                lines.get(30));
        BufferedImage png = ImageIO.read(dir.resolve("training-curve.png").toFile());
        assertNotNull(png);
        assertEquals(900, png.getWidth());
    }
}
