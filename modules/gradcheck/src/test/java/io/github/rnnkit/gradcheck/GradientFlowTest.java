package io.github.rnnkit.gradcheck;

import io.github.rnnkit.core.RecurrentCell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientFlowTest {
    @Test
    void spectralRadiusOfKnownMatrices() {
        assertEquals(0.5, GradientFlow.spectralRadius(new double[][]{{0.5, 0}, {0, -0.25}}), 1e-12);
        assertEquals(2.0, GradientFlow.spectralRadius(new double[][]{{0, 2}, {-2, 0}}), 1e-12, "complex pair +-2i");
        assertEquals(3.0, GradientFlow.spectralRadius(new double[][]{{1, 2}, {2, 1}}), 1e-12, "eigenvalues 3 and -1");
    }

    @Test
    void aVanillaRnnWithContractingWeightsLetsTheGradientVanishGeometrically() {
        // W = 0.5 I, no input or bias effect on the recursion's scale beyond tanh' <= 1: |dh| shrinks >= 2x a step
        VanillaRnn.Params p = VanillaRnn.Params.random(3, 4, 5, 0.3, 2);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                p.W()[i][j] = i == j ? 0.5 : 0;
            }
        }
        double[][] x = new double[12][3];
        double[] norms = new ReferenceCell.Vanilla(p).hiddenGradientNorms(x, 1);
        for (int k = 1; k < norms.length; k++) {
            assertTrue(norms[k] <= 0.5 * norms[k - 1] + 1e-15, "step " + k + ": " + norms[k] + " vs " + norms[k - 1]);
        }
    }

    @Test
    void curvesTableAndPlotForEveryCell(@TempDir Path dir) throws IOException {
        GradientFlow.Options o = new GradientFlow.Options(4, 8, 30, 3, 3, 1);
        List<GradientFlow.Curve> curves = new GradientFlow(o).measure(EnumSet.allOf(RecurrentCell.class));
        assertEquals(6, curves.size(), "each cell initialised and trained");
        for (GradientFlow.Curve c : curves) {
            assertEquals(30, c.norms().length);
            assertTrue(c.norms()[0] > 0 && c.spectralRadius() > 0 && c.gradientNorm() > 0, c.toString());
            assertTrue(!c.trained() || (c.recallAccuracy() >= 0 && c.recallAccuracy() <= 1));
        }
        String table = GradientFlow.table(curves, 1.0);
        assertTrue(table.contains("SIMPLE_RNN") && table.contains("trained") && table.contains("cannot restore"), table);
        Path png = dir.resolve("gradflow.png");
        GradientFlow.plot(curves, png);
        assertNotNull(ImageIO.read(png.toFile()));
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GradientFlow.Options(8, 32, 10, 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new GradientFlow.Options(8, 0, 10, 2, 0, 1));
    }
}
