package io.github.rnnkit.core.train;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Trainer's engine path (what rnnkit-spark plugs into) with an engine that trains each round in this JVM,
 * batch by batch and in order, as one Spark worker averaging after every minibatch does.
 */
class TrainingEngineTest {
    private static final RecurrentSpec SPEC = RecurrentSpec.of(RecurrentCell.GRU, 8);
    private static final TrainingConfig CFG = TrainingConfig.defaults().withEpochs(3).withLearningRate(0.01)
            .withClipGlobalNorm(1.0).withTbpttLength(5).withSeed(11);

    static final class InThisJvm implements TrainingEngine {
        final int perRound;
        final List<Integer> rounds = new ArrayList<>();
        double scoreOverride = Double.NaN;

        InThisJvm(int perRound) {
            this.perRound = perRound;
        }

        @Override
        public int batchesPerRound() {
            return perRound;
        }

        @Override
        public double fitRound(TrainableNetwork network, List<MultiDataSet> batches) {
            rounds.add(batches.size());
            double sum = 0;
            for (MultiDataSet b : batches) {
                network.fit(b);
                sum += network.score() * 2;     // last of two truncated-BPTT segments, scaled to the sequence
            }
            return Double.isNaN(scoreOverride) ? sum / batches.size() : scoreOverride;
        }

        @Override
        public String describe() {
            return "this JVM in rounds of " + perRound;
        }
    }

    @Test
    void roundsTrainTheSameBatchesInTheSameOrderAsTheLocalLoop() {
        BatchSource data = TinyNets.echoTask(6, 4, 10, 5);
        MultiLayerNetwork local = TinyNets.network(SPEC, CFG);
        new Trainer(CFG).fit(TrainableNetwork.of(local), data, null, null, null);

        InThisJvm engine = new InThisJvm(4);
        MultiLayerNetwork viaEngine = TinyNets.network(SPEC, CFG);
        List<Long> reported = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        TrainingResult result = new Trainer(CFG.withEngine(engine)).addListener(new TrainerListener() {
            @Override
            public void onBatch(BatchReport r) {
                reported.add(r.batchInEpoch());
                losses.add(r.loss());
            }
        }).fit(TrainableNetwork.of(viaEngine), data, null, null, null);

        assertEquals(List.of(4, 2, 4, 2, 4, 2), engine.rounds, "6 batches per epoch in rounds of at most 4");
        assertEquals(List.of(4L, 6L, 4L, 6L, 4L, 6L), reported, "one report per round");
        assertEquals(18, result.state().iteration());
        assertEquals(3, result.state().epoch());
        assertArrayEquals(local.params().data().asDouble(), viaEngine.params().data().asDouble(), 0.0,
                "the same fits in the same order give the same parameters");
        for (double loss : losses) {
            assertTrue(loss > 0 && loss < 10, "loss per token " + loss);
        }
    }

    @Test
    void aNonFiniteScoreFromTheEngineIsDivergence() {
        InThisJvm engine = new InThisJvm(3);
        engine.scoreOverride = Double.POSITIVE_INFINITY;
        MultiLayerNetwork net = TinyNets.network(SPEC, CFG);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new Trainer(
                CFG.withEngine(engine)).fit(TrainableNetwork.of(net), TinyNets.echoTask(6, 4, 10, 5), null, null, null));
        assertTrue(e.getMessage().contains("the loss became Infinity"), e.getMessage());
    }
}
