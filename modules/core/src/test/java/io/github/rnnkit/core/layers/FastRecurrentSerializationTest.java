package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.TinyNets;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.bundle.Provenance;
import io.github.rnnkit.core.train.TrainingConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** rnnkit's layers through DL4J's JSON, ModelSerializer and rnnkit's bundles: same configuration, same outputs. */
class FastRecurrentSerializationTest {
    private static final RecurrentSpec SPEC = RecurrentSpec.of(RecurrentCell.GRU, 6).withDepth(2);

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void configurationSurvivesJson(RecurrentCell cell) {
        MultiLayerNetwork net = TinyNets.network(SPEC.withCell(cell), TrainingConfig.defaults());
        String json = net.getLayerWiseConfigurations().toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(net.getLayerWiseConfigurations(), back);
        FastRecurrent first = assertInstanceOf(FastRecurrent.class, back.getConf(0).getLayer());
        assertEquals(cell, first.cell());
        assertEquals(TinyNets.CLASSES, first.getNIn());
        assertEquals(6, first.getNOut());
    }

    @Test
    void theLstmsForgetGateBiasSurvivesJsonAndInitialisesItsBlock() {
        Lstm lstm = new Lstm.Builder().nIn(3).nOut(4).forgetGateBiasInit(2.5).build();
        MultiLayerConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().list()
                .layer(lstm).layer(io.github.rnnkit.core.layers.RecurrentLayers.softmaxOutput(4, 3)).build();
        Lstm back = (Lstm) MultiLayerConfiguration.fromJson(conf.toJson()).getConf(0).getLayer();
        assertEquals(2.5, back.getForgetGateBiasInit(), 0.0);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        double[] b = net.getParam("0_b").toDoubleVector();            // blocks [g | f | o | i], n = 4
        for (int j = 0; j < 16; j++) {
            assertEquals(j >= 4 && j < 8 ? 2.5 : 0.0, b[j], 0.0, "bias " + j);
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void aTrainedNetworkSurvivesModelSerializerAndBundles(RecurrentCell cell, @TempDir Path dir) throws IOException {
        MultiLayerNetwork net = TinyNets.network(SPEC.withCell(cell), TrainingConfig.defaults().withTbpttLength(3));
        var batch = TinyNets.echoBatch(new SplittableRandom(1), 4, 9);
        net.fit(batch.getFeatures(0), batch.getLabels(0));
        INDArray x = TinyNets.echoBatch(new SplittableRandom(2), 3, 5).getFeatures(0);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(net.output(x), restored.output(x));

        Path file = dir.resolve(cell + ".zip");
        ModelBundle.of(Provenance.now("test", 1, "echo", null), net, Map.of()).save(file);
        assertEquals(net.output(x), ModelBundle.load(file).multiLayerNetwork().output(x));
        long width = cell.gates() * 6L;                             // W [5, G n], RW [n, G n], b [G n] (+ rb: GRU)
        long biases = cell == RecurrentCell.GRU ? 2 : 1;
        long layer1 = TinyNets.CLASSES * width + 6 * width + biases * width;
        long layer2 = 6 * width + 6 * width + biases * width;
        long output = 6 * TinyNets.CLASSES + TinyNets.CLASSES;
        assertEquals(layer1 + layer2 + output, net.numParams());
    }
}
