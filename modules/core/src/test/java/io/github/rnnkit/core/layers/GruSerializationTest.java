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
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class GruSerializationTest {
    private static final RecurrentSpec SPEC = RecurrentSpec.of(RecurrentCell.GRU, 6).withDepth(2);

    @Test
    void configurationSurvivesJson() {
        MultiLayerNetwork net = TinyNets.network(SPEC, TrainingConfig.defaults());
        String json = net.getLayerWiseConfigurations().toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(net.getLayerWiseConfigurations(), back);
        Gru first = assertInstanceOf(Gru.class, back.getConf(0).getLayer());
        assertEquals(TinyNets.CLASSES, first.getNIn());
        assertEquals(6, first.getNOut());
    }

    @Test
    void aTrainedNetworkSurvivesModelSerializerAndBundles(@TempDir Path dir) throws IOException {
        MultiLayerNetwork net = TinyNets.network(SPEC, TrainingConfig.defaults().withTbpttLength(3));
        var batch = TinyNets.echoBatch(new SplittableRandom(1), 4, 9);
        net.fit(batch.getFeatures(0), batch.getLabels(0));
        INDArray x = TinyNets.echoBatch(new SplittableRandom(2), 3, 5).getFeatures(0);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(net.output(x), restored.output(x));

        Path file = dir.resolve("gru.zip");
        ModelBundle.of(Provenance.now("test", 1, "echo", null), net, Map.of()).save(file);
        assertEquals(net.output(x), ModelBundle.load(file).multiLayerNetwork().output(x));
        long layer1 = TinyNets.CLASSES * 18 + 6 * 18 + 2 * 18;     // W [5, 3n], RW [n, 3n], b and rb [3n], n = 6
        long layer2 = 6 * 18 + 6 * 18 + 2 * 18;
        long output = 6 * TinyNets.CLASSES + TinyNets.CLASSES;
        assertEquals(layer1 + layer2 + output, net.numParams());
    }
}
