package io.github.rnnkit.core.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The word + character-CNN embedding: gradients against numerical ones, masking, the spelling it reads, errors. */
class WordCharEmbeddingTest {
    private static final int WORDS = 9;
    private static final int CHARS = 7;
    private static final int MAX_CHARS = 6;
    private static final int CLASSES = 4;

    private static MultiLayerNetwork net(DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(type)
                .updater(new NoOp()).list()
                .layer(WordCharEmbedding.of(WORDS, 3, CHARS, 2, 4, 3, MAX_CHARS))
                .layer(new Lstm.Builder().nIn(7).nOut(5).dataFormat(RNNFormat.NCW).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    /** Random words whose spellings have 1..MAX_CHARS characters (ids 1..CHARS-1), zero padded. */
    private static INDArray ids(int batch, int steps, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, batch, 1 + MAX_CHARS, steps);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                x.putScalar(new long[]{b, 0, t}, r.nextInt(WORDS));
                int len = 1 + r.nextInt(MAX_CHARS);
                for (int j = 0; j < len; j++) {
                    x.putScalar(new long[]{b, 1 + j, t}, 1 + r.nextInt(CHARS - 1));
                }
            }
        }
        return x;
    }

    private static INDArray mask(int batch, int steps) {
        INDArray m = Nd4j.ones(DataType.DOUBLE, batch, steps);
        for (int b = 0; b < batch; b++) {
            for (int t = steps - b; t < steps; t++) {
                m.putScalar(b, t, 0.0);
            }
        }
        return m;
    }

    @Test
    void gradientsMatchNumericalGradientsWithMasks() {
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerNetwork n = net(DataType.DOUBLE);
            int batch = 3;
            int steps = 5;
            INDArray y = Nd4j.zeros(DataType.DOUBLE, batch, CLASSES, steps);
            Random r = new Random(4);
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    y.putScalar(new long[]{b, r.nextInt(CLASSES), t}, 1.0);
                }
            }
            INDArray m = mask(batch, steps);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(n)
                    .input(ids(batch, steps, 1)).labels(y).inputMask(m).labelMask(m)
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
            assertTrue(ok, "WordCharEmbedding's gradients (word table, char table, kernel, bias) match numerical ones");
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloat);
        }
    }

    @Test
    void outputIsTheWordVectorThenTanhOfTheBestWindow() {
        MultiLayerNetwork n = net(DataType.DOUBLE);
        INDArray x = ids(2, 3, 2);
        INDArray out = n.feedForwardToLayer(0, x).get(1);
        assertEquals(3 + 4, out.size(1));
        INDArray w = n.getLayer(0).getParam(WordCharParamInitializer.WORD_KEY);
        INDArray c = n.getLayer(0).getParam(WordCharParamInitializer.CHAR_KEY);
        INDArray k = n.getLayer(0).getParam(WordCharParamInitializer.KERNEL_KEY);
        INDArray bias = n.getLayer(0).getParam(WordCharParamInitializer.BIAS_KEY);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                int word = x.getInt(b, 0, t);
                for (int q = 0; q < 3; q++) {
                    assertEquals(w.getDouble(word, q), out.getDouble(b, q, t), 1e-12);
                }
                int len = 0;
                while (len < MAX_CHARS && x.getInt(b, 1 + len, t) != 0) {
                    len++;
                }
                for (int f = 0; f < 4; f++) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < Math.max(1, len - 2); j++) {
                        double z = bias.getDouble(0, f);
                        for (int i = 0; i < 3; i++) {
                            int ch = j + i < MAX_CHARS ? x.getInt(b, 1 + j + i, t) : 0;
                            for (int d = 0; d < 2; d++) {
                                z += c.getDouble(ch, d) * k.getDouble(i * 2 + d, f);
                            }
                        }
                        best = Math.max(best, z);
                    }
                    assertEquals(Math.tanh(best), out.getDouble(b, 3 + f, t), 1e-12, "b " + b + " t " + t + " f " + f);
                }
            }
        }
    }

    @Test
    void maskedStepsOutputZerosAndCharactersAfterPaddingAreIgnored() {
        MultiLayerNetwork n = net(DataType.DOUBLE);
        INDArray x = ids(2, 4, 3);
        INDArray m = mask(2, 4);
        n.setLayerMaskArrays(m, m);
        INDArray out = n.feedForwardToLayer(0, x).get(1);
        n.clearLayerMaskArrays();
        for (int q = 0; q < 7; q++) {
            assertEquals(0.0, out.getDouble(1, q, 3), "masked step");
        }
        INDArray x2 = x.dup();
        x2.putScalar(new long[]{0, 1, 0}, 3);
        x2.putScalar(new long[]{0, 2, 0}, 0);                  // word 0 at step 0: one character, then padding
        x2.putScalar(new long[]{0, 4, 0}, 5);                  // a character after the padding: not part of the word
        INDArray a = n.output(x2);
        x2.putScalar(new long[]{0, 4, 0}, 6);
        INDArray b = n.output(x2);
        assertEquals(a, b);
    }

    @Test
    void savesAndLoadsWithTheNetwork(@TempDir Path dir) throws Exception {
        MultiLayerNetwork n = net(DataType.FLOAT);
        Path file = dir.resolve("net.zip");
        ModelSerializer.writeModel(n, file.toFile(), true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        INDArray x = ids(2, 3, 5).castTo(DataType.FLOAT);
        assertEquals(n.output(x), back.output(x));
        WordCharEmbedding conf = (WordCharEmbedding) back.getLayer(0).conf().getLayer();
        assertEquals(MAX_CHARS, conf.getMaxChars());
        assertEquals(CHARS, conf.getChars());
    }

    @Test
    void refusesIdsOutOfRangeAndWrongShapesNamingThem() {
        MultiLayerNetwork n = net(DataType.FLOAT);
        INDArray x = ids(1, 2, 6).castTo(DataType.FLOAT);
        x.putScalar(new long[]{0, 0, 1}, WORDS);
        var e = assertThrows(IllegalArgumentException.class, () -> n.output(x));
        assertTrue(e.getMessage().contains("word id 9.0 at example 0, step 1 is not in [0, 9)"), e.getMessage());
        var shape = assertThrows(IllegalArgumentException.class,
                () -> n.output(Nd4j.zeros(DataType.FLOAT, 1, 3, 2)));
        assertTrue(shape.getMessage().contains("[batch, 7, time]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WordCharEmbedding.of(1, 3, 5, 2, 4, 3, 6));
    }

    @Test
    void wordDropoutReplacesWordsByTheUnknownWordInTrainingOnly() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).list()
                .layer(WordCharEmbedding.of(WORDS, 3, CHARS, 2, 4, 3, MAX_CHARS).withWordDropout(0.5, 1))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(7).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        INDArray x = ids(4, 50, 7).castTo(DataType.FLOAT);
        for (int b = 0; b < 4; b++) {
            for (int t = 0; t < 50; t++) {
                x.putScalar(new long[]{b, 0, t}, 5);
            }
        }
        INDArray w = n.getLayer(0).getParam(WordCharParamInitializer.WORD_KEY);
        INDArray training = n.feedForwardToLayer(0, x, true).get(1);
        INDArray inference = n.feedForwardToLayer(0, x, false).get(1);
        int unknown = 0;
        for (int b = 0; b < 4; b++) {
            for (int t = 0; t < 50; t++) {
                assertEquals(w.getDouble(5, 0), inference.getDouble(b, 0, t), 1e-7);
                if (Math.abs(training.getDouble(b, 0, t) - w.getDouble(1, 0)) < 1e-7) {
                    unknown++;
                }
            }
        }
        assertTrue(unknown > 60 && unknown < 140, "about half of 200 words dropped, got " + unknown);
    }

    @Test
    void aWordsOnlyLayerIsAWordTableWithoutCharacterParameters() {
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).dataType(DataType.DOUBLE)
                    .updater(new NoOp()).list()
                    .layer(WordCharEmbedding.wordsOnly(WORDS, 3))
                    .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(CLASSES)
                            .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
                    .build();
            MultiLayerNetwork n = new MultiLayerNetwork(conf);
            n.init();
            assertEquals(WORDS * 3, n.getLayer(0).numParams());
            INDArray x = ids(2, 4, 8).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1), org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 2, CLASSES, 4);
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 4; t++) {
                    y.putScalar(new long[]{b, (b + t) % CLASSES, t}, 1.0);
                }
            }
            INDArray m = mask(2, 4);
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(n).input(x).labels(y)
                    .inputMask(m).labelMask(m).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloat);
        }
    }
}
