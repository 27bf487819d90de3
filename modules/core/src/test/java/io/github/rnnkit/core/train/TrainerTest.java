package io.github.rnnkit.core.train;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.TinyNets;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.bundle.Provenance;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static final RecurrentSpec SPEC = RecurrentSpec.of(RecurrentCell.LSTM, 8);
    private static final TrainingConfig CFG = TrainingConfig.defaults().withEpochs(3).withLearningRate(0.01)
            .withClipGlobalNorm(1.0).withTbpttLength(5).withSeed(11);

    private static Checkpointer bundleWriter(MultiLayerNetwork net) {
        return (file, state) -> ModelBundle.of(Provenance.now("test", 11, "echo", null), net, Map.of("k", 1))
                .withTrainingState(state).save(file);
    }

    private static double[] params(MultiLayerNetwork net) {
        return net.params().dup().data().asDouble();
    }

    @Test
    void resumingFromAnEpochCheckpointEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) throws IOException {
        BatchSource data = TinyNets.echoTask(6, 4, 10, 5);
        MultiLayerNetwork straight = TinyNets.network(SPEC, CFG);
        new Trainer(CFG).fit(TrainableNetwork.of(straight), data, null, null, null);

        TrainingConfig firstPart = CFG.withEpochs(1).withCheckpoints(dir, 1, null);
        MultiLayerNetwork interrupted = TinyNets.network(SPEC, firstPart);
        TrainingResult part = new Trainer(firstPart).fit(TrainableNetwork.of(interrupted), data, null,
                bundleWriter(interrupted), null);
        assertNotNull(part.lastCheckpoint());

        ModelBundle checkpoint = ModelBundle.load(part.lastCheckpoint());
        TrainingState state = checkpoint.trainingState().orElseThrow();
        assertEquals(1, state.epoch());
        assertEquals(6, state.iteration());
        MultiLayerNetwork resumed = checkpoint.multiLayerNetwork();
        new Trainer(CFG).fit(TrainableNetwork.of(resumed), data, null, null, state);

        assertArrayEquals(params(straight), params(resumed), 0.0, "bit-identical after resume");
    }

    @Test
    void resumingMidEpochAfterACrashEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) throws IOException {
        BatchSource data = TinyNets.echoTask(6, 4, 10, 5);
        MultiLayerNetwork straight = TinyNets.network(SPEC, CFG);
        new Trainer(CFG).fit(TrainableNetwork.of(straight), data, null, null, null);

        // checkpoint after every batch (by time, 1 ns), crash while reporting batch 9 (epoch 2, batch 3)
        TrainingConfig cfg = CFG.withCheckpoints(dir, 0, Duration.ofNanos(1));
        MultiLayerNetwork crashing = TinyNets.network(SPEC, cfg);
        Trainer trainer = new Trainer(cfg).addListener(new TrainerListener() {
            @Override
            public void onBatch(BatchReport r) {
                if (r.iteration() == 9) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        });
        assertThrows(IllegalStateException.class, () -> trainer.fit(TrainableNetwork.of(crashing), data, null,
                bundleWriter(crashing), null));

        Path latest = Trainer.latestCheckpoint(dir);
        ModelBundle checkpoint = ModelBundle.load(latest);
        TrainingState state = checkpoint.trainingState().orElseThrow();
        assertEquals(8, state.iteration());
        assertEquals(1, state.epoch());
        assertEquals(2, state.batchInEpoch());
        MultiLayerNetwork resumed = checkpoint.multiLayerNetwork();
        new Trainer(CFG).fit(TrainableNetwork.of(resumed), data, null, null, state);

        assertArrayEquals(params(straight), params(resumed), 0.0, "bit-identical after resume");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.size() <= Trainer.CHECKPOINTS_KEPT, "old checkpoints are pruned: " + names);
            assertTrue(names.stream().noneMatch(n -> n.contains(".tmp")), "no temporary files left: " + names);
        }
    }

    @Test
    void nanInTheInputStopsTrainingWithAClearMessageAndKeepsTheLastGoodCheckpoint(@TempDir Path dir)
            throws IOException {
        BatchSource clean = TinyNets.echoTask(3, 2, 6, 1);
        BatchSource poisoned = new BatchSource() {
            @Override
            public Iterator<MultiDataSet> epoch(int epoch) {
                List<MultiDataSet> batches = new ArrayList<>();
                clean.epoch(epoch).forEachRemaining(batches::add);
                if (epoch == 1) {
                    batches.get(1).getFeatures(0).putScalar(0, 0, 0, Double.NaN);
                }
                return batches.iterator();
            }

            @Override
            public long batchesPerEpoch() {
                return 3;
            }
        };
        TrainingConfig cfg = CFG.withCheckpoints(dir, 1, null);
        MultiLayerNetwork net = TinyNets.network(SPEC, cfg);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(cfg).fit(TrainableNetwork.of(net), poisoned, null, bundleWriter(net), null));

        assertTrue(e.getMessage().contains("epoch 2, iteration 5"), e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(Trainer.latestCheckpoint(dir), e.lastGoodCheckpoint());
        ModelBundle good = ModelBundle.load(e.lastGoodCheckpoint());
        assertEquals(3, good.trainingState().orElseThrow().iteration());
        INDArray p = good.multiLayerNetwork().params();
        assertTrue(Double.isFinite(p.sumNumber().doubleValue()), "the checkpoint's parameters are finite");
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestEpoch() {
        double[] scripted = {1.0, 0.5, 0.7, 0.9, 0.1};
        List<double[]> paramsAfterEpoch = new ArrayList<>();
        TrainingConfig cfg = CFG.withEpochs(5).withEarlyStoppingPatience(2);
        MultiLayerNetwork net = TinyNets.network(SPEC, cfg);
        Validation validation = new Validation() {
            int calls;

            @Override
            public String metric() {
                return "val_loss";
            }

            @Override
            public boolean higherIsBetter() {
                return false;
            }

            @Override
            public double evaluate(TrainableNetwork network) {
                paramsAfterEpoch.add(network.params().dup().data().asDouble());
                return scripted[calls++];
            }
        };
        TrainingResult r = new Trainer(cfg).fit(TrainableNetwork.of(net), TinyNets.echoTask(2, 2, 5, 3), validation,
                null, null);

        assertEquals(StopReason.EARLY_STOPPED, r.reason());
        assertEquals(4, paramsAfterEpoch.size(), "epochs 3 and 4 did not improve on epoch 2");
        assertEquals(0.5, r.bestValidation());
        assertArrayEquals(paramsAfterEpoch.get(1), params(net), 0.0, "parameters of the best epoch restored");
    }

    @Test
    void theLearningRateShrinksAfterEachEpochThatDidNotImproveAndStaysInTheCheckpoint(@TempDir Path dir)
            throws IOException {
        double[] scripted = {1.0, 0.5, 0.7, 0.4, 0.6};
        List<Double> rates = new ArrayList<>();
        TrainingConfig cfg = CFG.withEpochs(5).withLearningRate(0.01).withLrDecay(0.5);
        MultiLayerNetwork net = TinyNets.network(SPEC, cfg);
        Validation validation = new Validation() {
            int calls;

            @Override
            public String metric() {
                return "val_loss";
            }

            @Override
            public boolean higherIsBetter() {
                return false;
            }

            @Override
            public double evaluate(TrainableNetwork network) {
                rates.add(network.learningRate());
                return scripted[calls++];
            }
        };
        new Trainer(cfg.withCheckpoints(dir, 1, null)).fit(TrainableNetwork.of(net), TinyNets.echoTask(2, 2, 5, 3),
                validation, bundleWriter(net), null);
        // epochs 3 and 5 did not improve: the rate halves after each of them
        assertEquals(List.of(0.01, 0.01, 0.01, 0.005, 0.005), rates);
        assertEquals(0.0025, TrainableNetwork.of(net).learningRate(), 1e-15);
        MultiLayerNetwork saved = io.github.rnnkit.core.bundle.ModelBundle.load(Trainer.latestCheckpoint(dir))
                .multiLayerNetwork();
        assertEquals(0.0025, TrainableNetwork.of(saved).learningRate(), 1e-15, "a resumed run keeps the lowered rate");
        assertThrows(IllegalArgumentException.class, () -> CFG.withLrDecay(0));
        assertThrows(IllegalArgumentException.class, () -> CFG.withLrDecay(1.5));
    }

    @Test
    void settingTheLearningRateReachesLayersInsideWrappers() {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf = new org.deeplearning4j.nn.conf
                .NeuralNetConfiguration.Builder().updater(new org.nd4j.linalg.learning.config.Adam(0.01))
                .graphBuilder().addInputs("in")
                .addLayer("td", new org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed(
                        new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(3).nOut(4).build(),
                        org.deeplearning4j.nn.conf.RNNFormat.NCW), "in")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder().nIn(4).nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                        .dataFormat(org.deeplearning4j.nn.conf.RNNFormat.NCW).build(), "td")
                .setOutputs("out").build();
        org.deeplearning4j.nn.graph.ComputationGraph g = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
        g.init();
        TrainableNetwork.of(g).setLearningRate(0.002);
        // the wrapper's working layer reports the wrapped layer's configuration
        org.deeplearning4j.nn.conf.layers.BaseLayer inner = (org.deeplearning4j.nn.conf.layers.BaseLayer)
                g.getLayer("td").conf().getLayer();
        assertEquals(0.002, ((org.nd4j.linalg.learning.config.Adam) inner.getIUpdater()).getLearningRate(), 1e-15);
        assertEquals(0.002, g.getLearningRate("out"), 1e-15);
    }

    @Test
    void timeLimitStopsMidEpochAndReportsIt() {
        TrainingConfig cfg = CFG.withEpochs(1000).withMaxDuration(Duration.ofMillis(1));
        MultiLayerNetwork net = TinyNets.network(SPEC, cfg);
        List<EpochReport> epochs = new ArrayList<>();
        TrainingResult r = new Trainer(cfg).addListener(new TrainerListener() {
            @Override
            public void onEpoch(EpochReport report) {
                epochs.add(report);
            }
        }).fit(TrainableNetwork.of(net), TinyNets.echoTask(5, 2, 5, 3), null, null, null);
        assertEquals(StopReason.TIME_LIMIT, r.reason());
        assertEquals(1, r.state().iteration());
        assertEquals(1, epochs.size(), "the partial epoch is still reported");
    }

    @Test
    void lossIsReportedPerTokenSoAnUntrainedModelStartsNearLnOfTheClassCount() {
        TrainingConfig cfg = CFG.withEpochs(1).withLearningRate(1e-6);
        MultiLayerNetwork net = TinyNets.network(SPEC, cfg);
        List<BatchReport> batches = new ArrayList<>();
        new Trainer(cfg).addListener(new TrainerListener() {
            @Override
            public void onBatch(BatchReport report) {
                batches.add(report);
            }
        }).fit(TrainableNetwork.of(net), TinyNets.echoTask(1, 8, 20, 3), null, null, null);
        assertEquals(160, batches.get(0).tokens());
        assertEquals(Math.log(TinyNets.CLASSES), batches.get(0).loss(), 0.25);
    }

    @Test
    void aCheckpointerWithoutADirectoryIsRefused() {
        MultiLayerNetwork net = TinyNets.network(SPEC, CFG);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(CFG)
                .fit(TrainableNetwork.of(net), TinyNets.echoTask(1, 1, 2, 1), null, bundleWriter(net), null));
        assertTrue(e.getMessage().contains("checkpointDir"), e.getMessage());
    }

    @Test
    void progressBarShowsEpochBatchLossRateAndEta() {
        ProgressBar bar = new ProgressBar(System.err, false, 0);
        bar.onStart(CFG, 10, TrainingState.start());
        String line = bar.render(new BatchReport(0, 5, 10, 5, 1.23456, 2.5, 100, 12_345, Duration.ofSeconds(10),
                Duration.ofSeconds(75)));
        assertEquals("epoch 1/3 [##########----------]     5/10  loss 1.2346  grad 2.50  12.3k tok/s  ETA 1m15s",
                line);
    }

    @Test
    void aClassifiersProgressCountsSequencesNotTokens() {
        ProgressBar bar = new ProgressBar(System.err, false, 0);
        bar.onStart(CFG, 10, TrainingState.start());
        String line = bar.render(new BatchReport(0, 5, 10, 5, 0.5, 2.5, 64, 56, Duration.ofSeconds(10), null, true));
        assertTrue(line.endsWith("  56 seq/s"), line);
        MultiDataSet perText = new org.nd4j.linalg.dataset.MultiDataSet(Nd4j.zeros(4, 3, 7), Nd4j.zeros(4, 2));
        MultiDataSet perStep = new org.nd4j.linalg.dataset.MultiDataSet(Nd4j.zeros(4, 3, 7), Nd4j.zeros(4, 2, 7));
        assertTrue(Trainer.perSequence(perText));
        assertFalse(Trainer.perSequence(perStep));
    }

    @Test
    void configRejectsInvalidValuesNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.defaults().withLearningRate(0));
        assertTrue(e.getMessage().startsWith("learningRate must be"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withTbpttLength(-1));
        assertTrue(e.getMessage().startsWith("tbpttLength must be >= 0, got -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withMaxDuration(Duration.ZERO));
    }

    @Test
    void listenersSeeTheRunInOrderAndTheNetworkKeepsNoTrainerListenerAfterwards(@TempDir Path dir) throws IOException {
        TrainingConfig cfg = CFG.withEpochs(2).withCheckpoints(dir, 1, null);
        MultiLayerNetwork net = TinyNets.network(SPEC, cfg);
        int listenersBefore = net.getListeners() == null ? 0 : net.getListeners().size();
        List<String> events = new ArrayList<>();
        TrainingResult r = new Trainer(cfg).addListener(new TrainerListener() {
            @Override
            public void onStart(TrainingConfig config, long batchesPerEpoch, TrainingState from) {
                events.add("start " + batchesPerEpoch + " " + from.iteration());
            }

            @Override
            public void onBatch(BatchReport report) {
                events.add("batch " + report.iteration());
            }

            @Override
            public void onEpoch(EpochReport report) {
                events.add("epoch " + report.epoch());
            }

            @Override
            public void onCheckpoint(Path file, TrainingState state) {
                events.add("checkpoint " + file.getFileName() + " " + state.epoch());
            }

            @Override
            public void onFinish(TrainingResult result) {
                events.add("finish " + result.reason());
            }
        }).fit(TrainableNetwork.of(net), TinyNets.echoTask(2, 4, 10, 5), null, bundleWriter(net), null);
        assertEquals(List.of("start 2 0", "batch 1", "batch 2", "epoch 0", "checkpoint checkpoint-000000002.zip 1",
                "batch 3", "batch 4", "epoch 1", "checkpoint checkpoint-000000004.zip 2", "finish COMPLETED"), events);
        assertEquals(dir.resolve("checkpoint-000000004.zip"), r.lastCheckpoint());
        assertEquals(2, net.getEpochCount(), "the network's own epoch counter (DL4J's schedules read it)");
        assertEquals(listenersBefore, net.getListeners() == null ? 0 : net.getListeners().size(),
                "the trainer's clipping and segment listeners are removed when it returns");
    }

    @Test
    void onlyTheNewestThreeCheckpointsAreKeptAndOtherFilesAreLeftAlone(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("checkpoint-final.zip"), "not a numbered checkpoint");
        TrainingConfig cfg = CFG.withEpochs(5).withCheckpoints(dir, 1, null);
        MultiLayerNetwork net = TinyNets.network(SPEC, cfg);
        new Trainer(cfg).fit(TrainableNetwork.of(net), TinyNets.echoTask(1, 4, 10, 5), null, bundleWriter(net), null);
        assertEquals(List.of(dir.resolve("checkpoint-000000005.zip"), dir.resolve("checkpoint-000000004.zip"),
                dir.resolve("checkpoint-000000003.zip")), Trainer.checkpoints(dir), "newest first");
        assertTrue(Files.exists(dir.resolve("notes.txt")));
        assertTrue(Files.exists(dir.resolve("checkpoint-final.zip")));
        assertEquals(dir.resolve("checkpoint-000000005.zip"), Trainer.latestCheckpoint(dir));
        assertEquals(List.of(), Trainer.checkpoints(dir.resolve("absent")));
    }

    /**
     * With the parameters standing still, truncated BPTT sees the same sequence as one full pass (the state is
     * carried from segment to segment), so the batch's loss per token must be the same: the segments' scores are
     * summed, not just the last one taken, and not mixed with the previous batch's.
     */
    @Test
    void truncatedBpttReportsTheWholeSequencesLossPerToken() {
        TrainingConfig still = CFG.withEpochs(1).withOptimizer(Optimizer.SGD).withLearningRate(1e-12)
                .withClipGlobalNorm(0);
        List<Double> full = batchLosses(still.withTbpttLength(0));
        List<Double> truncated = batchLosses(still.withTbpttLength(3));
        assertEquals(3, full.size());
        for (int i = 0; i < full.size(); i++) {
            assertEquals(full.get(i), truncated.get(i), 1e-6 * full.get(i), "batch " + (i + 1));
        }
        assertTrue(Math.abs(full.get(0) - full.get(1)) > 1e-4, "the batches differ, so a stale score would show");
    }

    private static List<Double> batchLosses(TrainingConfig cfg) {
        MultiLayerNetwork net = TinyNets.network(SPEC, cfg);
        List<Double> losses = new ArrayList<>();
        new Trainer(cfg).addListener(new TrainerListener() {
            @Override
            public void onBatch(BatchReport report) {
                losses.add(report.loss());
            }
        }).fit(TrainableNetwork.of(net), TinyNets.echoTask(3, 4, 10, 9), null, null, null);
        return losses;
    }

    @Test
    void durationsAreFormattedForTheProgressLine() {
        assertEquals("0s", Trainer.formatDuration(Duration.ofMillis(-5)));
        assertEquals("59s", Trainer.formatDuration(Duration.ofSeconds(59)));
        assertEquals("1m00s", Trainer.formatDuration(Duration.ofSeconds(60)));
        assertEquals("59m59s", Trainer.formatDuration(Duration.ofSeconds(3599)));
        assertEquals("1h00m00s", Trainer.formatDuration(Duration.ofSeconds(3600)));
        assertEquals("26h03m04s", Trainer.formatDuration(Duration.ofSeconds(26 * 3600 + 3 * 60 + 4)));
    }
}
