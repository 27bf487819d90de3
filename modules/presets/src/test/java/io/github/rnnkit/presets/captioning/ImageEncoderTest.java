package io.github.rnnkit.presets.captioning;

import io.github.rnnkit.core.train.TrainingConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageEncoderTest {
    @Test
    void theConvolutionalizedDenseLayerComputesTheClassifiersFeaturesOnEveryTile() {
        MultiLayerNetwork classifier = ImageEncoder.tileClassifier(20, 28, 28, TrainingConfig.defaults().withSeed(3));
        MultiLayerNetwork encoder = ImageEncoder.convolutionalize(classifier, 7, 3);
        Nd4j.getRandom().setSeed(5);
        INDArray alone = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1, 28, 28);
        assertArrayEquals(classifier.feedForward(alone, false).get(5).reshape(128).toFloatVector(),
                encoder.output(alone).reshape(128).toFloatVector(), 1e-4f, "a tile alone");
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 2; col++) {
                // one tile with a black 2-pixel border (as MNIST digits have) in a black scene: then the first
                // convolution's reach past the tile's edge sees zeros, as the tile's own zero padding does
                INDArray tile = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1, 28, 28);
                tile.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(2, 26),
                        NDArrayIndex.interval(2, 26)).assign(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT,
                        1, 1, 24, 24));
                INDArray scene = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1, 56, 56);
                scene.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(28 * row, 28 * row + 28),
                        NDArrayIndex.interval(28 * col, 28 * col + 28)).assign(tile);
                INDArray map = encoder.output(scene);                               // [1, 128, 2, 2]
                assertArrayEquals(new long[]{1, 128, 2, 2}, map.shape());
                INDArray dense = classifier.feedForward(tile, false).get(5);        // the dense layer's activations
                INDArray cell = map.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(row),
                        NDArrayIndex.point(col));
                assertArrayEquals(dense.reshape(128).toFloatVector(), cell.toFloatVector(), 1e-4f,
                        "cell " + row + "," + col);
            }
        }
        // frozen: fitting the encoder is impossible to do by accident, its parameters are not trainable
        assertEquals(0, encoder.getLayerWiseConfigurations().getConfs().stream()
                .filter(c -> !(c.getLayer() instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer)).count());
    }

    @Test
    void aUsersCnnIsProbedAndItsOutputShapeRead() {
        MultiLayerNetwork classifier = ImageEncoder.tileClassifier(20, 28, 28, TrainingConfig.defaults());
        ImageEncoder e = ImageEncoder.of(ImageEncoder.convolutionalize(classifier, 7, 1), 1, 84, 84);
        assertEquals(new ImageEncoder.Shape(1, 84, 84, 128, 3, 3, Double.NaN), e.shape());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.of(ImageEncoder.convolutionalize(classifier, 7, 1), 3, 28, 28));
        assertEquals(true, bad.getMessage().contains("[1, 3, 28, 28]"), bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class, () -> ImageEncoder.of(classifier, 1, 28, 28));
        assertEquals(true, bad.getMessage().contains("cannot be frozen"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageEncoder.tileClassifier(20, 30, 30,
                TrainingConfig.defaults()));
    }
}
