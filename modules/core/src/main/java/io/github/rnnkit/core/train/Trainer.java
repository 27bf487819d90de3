package io.github.rnnkit.core.train;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.io.AtomicFiles;
import io.github.rnnkit.core.layers.LayerThreads;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fit loop every preset shares: epochs of batches from a {@link BatchSource}, global-norm clipping, a
 * NaN/Inf guard, validation after each epoch, early stopping with the best parameters restored, a time
 * limit, atomic checkpoints by epoch or by time, and resumption from a checkpoint's {@link TrainingState}.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(config).addListener(new ProgressBar(System.err));
 * TrainingResult result = trainer.fit(TrainableNetwork.of(net), batches, validation, checkpointer, null);
 * }</pre>
 *
 * <p>Determinism: each epoch's batches come from {@link BatchSource#epoch(int)} and ND4J's random generator
 * (dropout) is reseeded from the config's seed at the start of every epoch, so a run resumed from a
 * checkpoint ends with the same parameters as one that was never interrupted.
 */
public final class Trainer {
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    private static final Pattern CHECKPOINT_NAME = Pattern.compile("checkpoint-(\\d+)\\.zip");
    /** Checkpoints kept in the directory; older ones are deleted. */
    static final int CHECKPOINTS_KEPT = 3;

    private final TrainingConfig config;
    private final List<TrainerListener> listeners = new ArrayList<>();

    public Trainer(TrainingConfig config) {
        this.config = Checks.notNull(config, "config");
    }

    public TrainingConfig config() {
        return config;
    }

    /** Adds a listener; returns this trainer. */
    public Trainer addListener(TrainerListener listener) {
        listeners.add(Checks.notNull(listener, "listener"));
        return this;
    }

    /**
     * Trains {@code network} until the epochs, the patience or the time budget run out.
     *
     * @param network      the network; its own updater and backprop type (see {@link TrainingConfig#applyTo})
     *                     are used as configured
     * @param data         training batches
     * @param validation   metric computed after every epoch, or null for none (then early stopping is off)
     * @param checkpointer writes checkpoints into {@link TrainingConfig#checkpointDir()}, or null for none
     * @param resumeFrom   the state of a checkpoint to continue from, or null to start afresh
     * @throws TrainingDivergedException when the loss or the gradient becomes NaN or infinite
     */
    public TrainingResult fit(TrainableNetwork network, BatchSource data, Validation validation,
                              Checkpointer checkpointer, TrainingState resumeFrom) {
        Checks.notNull(network, "network");
        Checks.notNull(data, "data");
        if (checkpointer != null && config.checkpointDir() == null) {
            throw new IllegalArgumentException("a checkpointer was given but checkpointDir is null: set "
                    + "TrainingConfig.withCheckpoints(dir, everyEpochs, every)");
        }
        if (checkpointer != null) {
            try {
                List<String> stale = AtomicFiles.removeStaleTemporaries(config.checkpointDir());
                if (!stale.isEmpty()) {
                    log.warn("Removed {} temporary file(s) of a checkpoint write that was interrupted in {}: {}",
                            stale.size(), config.checkpointDir(), stale);
                }
            } catch (IOException e) {
                log.warn("Could not look for temporary files left in {}: {}", config.checkpointDir(), e.toString());
            }
        }
        Run run = new Run(network, data, validation, checkpointer,
                resumeFrom == null ? TrainingState.start() : resumeFrom);
        return run.train();
    }

    /** The newest checkpoint in {@code dir} by iteration number, or null when there is none. */
    public static Path latestCheckpoint(Path dir) throws IOException {
        List<Path> all = checkpoints(dir);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The checkpoints ({@code checkpoint-ITERATION.zip}) in {@code dir}, newest first; empty when there are none. */
    public static List<Path> checkpoints(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> CHECKPOINT_NAME.matcher(p.getFileName().toString()).matches())
                    .sorted((a, b) -> Long.compare(iterationOf(b), iterationOf(a))).toList();
        }
    }

    private static long iterationOf(Path checkpoint) {
        Matcher m = CHECKPOINT_NAME.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Sums the per-segment scores that DL4J reports during one (possibly truncated) fit call. */
    private static final class SegmentScores extends BaseTrainingListener {
        double sum;
        int count;

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            sum += model.score();
            count++;
        }

        void reset() {
            sum = 0;
            count = 0;
        }
    }

    /** One call of fit: the mutable bookkeeping of a run lives here, not in the Trainer. */
    private final class Run {
        private final TrainableNetwork network;
        private final BatchSource data;
        private final Validation validation;
        private final Checkpointer checkpointer;
        private final GlobalNormClipping clipping = new GlobalNormClipping(config.clipGlobalNorm());
        private final SegmentScores segments = new SegmentScores();
        private final long startNanos = System.nanoTime();
        private final long priorMillis;
        private final long startIteration;

        private int epoch;
        private long batchInEpoch;
        private long iteration;
        private double best;
        private int badEpochs;
        private INDArray bestParams;
        private Path lastCheckpoint;
        private long lastCheckpointNanos = System.nanoTime();
        private long tokensThisSession;

        Run(TrainableNetwork network, BatchSource data, Validation validation, Checkpointer checkpointer,
            TrainingState from) {
            this.network = network;
            this.data = data;
            this.validation = validation;
            this.checkpointer = checkpointer;
            this.epoch = from.epoch();
            this.batchInEpoch = from.batchInEpoch();
            this.iteration = from.iteration();
            this.best = from.bestValidation();
            this.badEpochs = from.epochsWithoutImprovement();
            this.priorMillis = from.trainingMillis();
            this.startIteration = from.iteration();
        }

        TrainingResult train() {
            network.addListeners(clipping, segments);
            try {
                TrainingState startState = state();
                if (startState.iteration() > 0) {
                    log.info("Resuming at epoch {}, batch {} (iteration {})", epoch + 1, batchInEpoch, iteration);
                }
                if (config.engine() != null) {
                    log.info("Training on {}", config.engine().describe());
                }
                listeners.forEach(l -> l.onStart(config, data.batchesPerEpoch(), startState));
                StopReason reason;
                // one thread for OpenBLAS for the whole run when every product is rnnkit's (no switch per layer pass)
                try (LayerThreads held = config.engine() == null ? LayerThreads.holdFor(network.model()) : null) {
                    if (held != null && held.held()) {
                        log.debug("rnnkit's layers hold OpenBLAS at one thread for this run and divide their own work");
                    }
                    reason = loop();
                }
                if (bestParams != null && config.earlyStoppingPatience() > 0) {
                    network.setParams(bestParams);
                    log.info("Restored the parameters of the best epoch ({} = {})", validation.metric(), best);
                }
                TrainingResult result = new TrainingResult(reason, state(), best, lastCheckpoint, elapsed());
                log.info("Training stopped: {} after {} iterations, {}", reason, iteration, formatDuration(elapsed()));
                listeners.forEach(l -> l.onFinish(result));
                return result;
            } finally {
                network.removeListener(clipping);
                network.removeListener(segments);
            }
        }

        private StopReason loop() {
            while (epoch < config.epochs()) {
                Nd4j.getRandom().setSeed(config.seed() * 1_000_003L + epoch);
                Iterator<MultiDataSet> batches = data.epoch(epoch);
                for (long skip = 0; skip < batchInEpoch && batches.hasNext(); skip++) {
                    batches.next();     // resuming mid-epoch: these batches were trained before the checkpoint
                }
                double lossSum = 0;
                long lossCount = 0;
                boolean outOfTime = false;
                while (batches.hasNext()) {
                    double loss;
                    if (config.engine() == null) {
                        loss = step(batches.next());
                        lossSum += loss;
                        lossCount++;
                    } else {
                        List<MultiDataSet> round = new ArrayList<>();
                        while (batches.hasNext() && round.size() < config.engine().batchesPerRound()) {
                            round.add(batches.next());
                        }
                        loss = round(round);
                        lossSum += loss * round.size();
                        lossCount += round.size();
                    }
                    if (timeForCheckpoint()) {
                        checkpoint();
                    }
                    if (config.maxDuration() != null && elapsed().compareTo(config.maxDuration()) >= 0) {
                        outOfTime = true;
                        break;
                    }
                }
                boolean stop = endOfEpoch(lossCount == 0 ? Double.NaN : lossSum / lossCount, outOfTime);
                if (outOfTime) {
                    return StopReason.TIME_LIMIT;
                }
                if (stop) {
                    return StopReason.EARLY_STOPPED;
                }
            }
            return StopReason.COMPLETED;
        }

        /** Trains one batch and returns its mean loss per token. */
        private double step(MultiDataSet batch) {
            long tokens = targetTokens(batch);
            long batchSize = batch.getFeatures(0).size(0);
            segments.reset();
            network.fit(batch);
            double scoreSum = segments.count > 0 ? segments.sum : network.score();
            double loss = tokens > 0 ? scoreSum * batchSize / tokens : scoreSum;
            if (clipping.sawNonFinite() || !Double.isFinite(loss)) {
                throw diverged(loss);
            }
            batchInEpoch++;
            iteration++;
            tokensThisSession += tokens;
            Duration elapsed = elapsed();
            double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
            BatchReport report = new BatchReport(epoch, batchInEpoch, data.batchesPerEpoch(), iteration, loss,
                    clipping.lastNorm(), tokens, tokensThisSession / seconds, elapsed, eta(elapsed), perSequence(batch));
            log.debug("{}", report);
            listeners.forEach(l -> l.onBatch(report));
            return loss;
        }

        /** Trains a round of batches on the engine; returns their mean loss per token (from the engine's score). */
        private double round(List<MultiDataSet> round) {
            long tokens = 0;
            long examples = 0;
            for (MultiDataSet b : round) {
                tokens += targetTokens(b);
                examples += b.getFeatures(0).size(0);
            }
            double score = config.engine().fitRound(network, round);
            // the engine's score is per example over whole sequences: spread it over the batches' tokens
            double loss = tokens > 0 ? score * examples / tokens : score;
            if (!Double.isFinite(loss)) {
                throw diverged(loss);
            }
            batchInEpoch += round.size();
            iteration += round.size();
            tokensThisSession += tokens;
            Duration elapsed = elapsed();
            double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
            BatchReport report = new BatchReport(epoch, batchInEpoch, data.batchesPerEpoch(), iteration, loss,
                    Double.NaN, tokens, tokensThisSession / seconds, elapsed, eta(elapsed), perSequence(round.get(0)));
            log.debug("{}", report);
            listeners.forEach(l -> l.onBatch(report));
            return loss;
        }

        private TrainingDivergedException diverged(double loss) {
            String where = "epoch " + (epoch + 1) + ", iteration " + (iteration + 1);
            String what = clipping.sawNonFinite()
                    ? "the gradient's global norm became " + clipping.lastNorm()
                    : "the loss became " + loss;
            String keep = lastCheckpoint == null ? "no checkpoint was written before it"
                    : "the last good checkpoint is " + lastCheckpoint;
            clipping.clearNonFinite();
            return new TrainingDivergedException("Training diverged at " + where + ": " + what + "; " + keep
                    + ". Lower the learning rate (now " + config.learningRate() + ") or clip gradients"
                    + " (clipGlobalNorm, now " + config.clipGlobalNorm() + "), and check the input for NaN values.",
                    lastCheckpoint);
        }

        /** Validates, logs, checkpoints; returns whether early stopping says stop. */
        private boolean endOfEpoch(double meanLoss, boolean partial) {
            double value = Double.NaN;
            boolean improved = false;
            if (validation != null) {
                value = validation.evaluate(network);
                if (!Double.isFinite(value)) {
                    throw new TrainingDivergedException("Validation " + validation.metric() + " is " + value
                            + " after epoch " + (epoch + 1) + "; the last good checkpoint is " + lastCheckpoint,
                            lastCheckpoint);
                }
                improved = Double.isNaN(best) || (validation.higherIsBetter() ? value > best : value < best);
                if (improved) {
                    best = value;
                    badEpochs = 0;
                    if (config.earlyStoppingPatience() > 0) {
                        bestParams = network.params().dup();
                    }
                } else if (!partial) {
                    badEpochs++;
                    decayLearningRate();
                }
            }
            EpochReport report = new EpochReport(epoch, iteration, meanLoss,
                    validation == null ? null : validation.metric(), value, improved, elapsed());
            if (validation != null) {
                log.info("Epoch {}{}: train loss {}, {} {}{}", epoch + 1, partial ? " (partial)" : "",
                        fmt(meanLoss), validation.metric(), fmt(value), improved ? " (best)" : "");
            } else {
                log.info("Epoch {}{}: train loss {}", epoch + 1, partial ? " (partial)" : "", fmt(meanLoss));
            }
            listeners.forEach(l -> l.onEpoch(report));
            if (!partial) {
                network.incrementEpochCount();
                epoch++;
                batchInEpoch = 0;
            }
            boolean byEpoch = !partial && config.checkpointEveryEpochs() > 0
                    && epoch % config.checkpointEveryEpochs() == 0;
            if (checkpointer != null && (byEpoch || partial || epoch == config.epochs())) {
                checkpoint();
            }
            return config.earlyStoppingPatience() > 0 && badEpochs >= config.earlyStoppingPatience();
        }

        /** ReduceLROnPlateau: after an epoch without improvement the learning rate shrinks by lrDecay. */
        private void decayLearningRate() {
            if (config.lrDecay() >= 1) {
                return;
            }
            Double lr = network.learningRate();
            if (lr == null) {
                log.warn("lrDecay {} is set but the network's layers have no plain learning rate to lower",
                        config.lrDecay());
                return;
            }
            double next = lr * config.lrDecay();
            network.setLearningRate(next);
            log.info("No improvement in {}: learning rate {} -> {}", validation.metric(),
                    String.format(java.util.Locale.ROOT, "%.3g", lr), String.format(java.util.Locale.ROOT, "%.3g", next));
        }

        private boolean timeForCheckpoint() {
            return checkpointer != null && config.checkpointEvery() != null
                    && System.nanoTime() - lastCheckpointNanos >= config.checkpointEvery().toNanos();
        }

        private void checkpoint() {
            TrainingState state = state();
            Path file = config.checkpointDir().resolve(String.format("checkpoint-%09d.zip", iteration));
            try {
                AtomicFiles.write(file, tmp -> checkpointer.write(tmp, state));
                pruneCheckpoints(file);
            } catch (IOException e) {
                throw new UncheckedIOException("checkpoint not written: " + e.getMessage()
                        + (lastCheckpoint == null ? "" : "; the last good checkpoint is " + lastCheckpoint), e);
            }
            lastCheckpoint = file;
            lastCheckpointNanos = System.nanoTime();
            log.info("Checkpoint written: {}", file);
            listeners.forEach(l -> l.onCheckpoint(file, state));
        }

        private void pruneCheckpoints(Path newest) throws IOException {
            List<Path> all;
            try (Stream<Path> files = Files.list(newest.toAbsolutePath().getParent())) {
                all = files.filter(p -> CHECKPOINT_NAME.matcher(p.getFileName().toString()).matches())
                        .sorted((a, b) -> Long.compare(iterationOf(b), iterationOf(a))).toList();
            }
            for (int i = CHECKPOINTS_KEPT; i < all.size(); i++) {
                Files.deleteIfExists(all.get(i));
            }
        }

        private TrainingState state() {
            return new TrainingState(epoch, batchInEpoch, iteration, best, badEpochs,
                    priorMillis + elapsed().toMillis());
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        private Duration eta(Duration elapsed) {
            Duration byBudget = config.maxDuration() == null ? null
                    : max(Duration.ZERO, config.maxDuration().minus(elapsed));
            long perEpoch = data.batchesPerEpoch();
            if (perEpoch <= 0) {
                return byBudget;
            }
            long remaining = Math.max(0, (long) config.epochs() * perEpoch - ((long) epoch * perEpoch + batchInEpoch));
            long done = Math.max(1, iteration - startIteration);
            Duration byWork = Duration.ofNanos((long) ((double) elapsed.toNanos() / done * remaining));
            return byBudget == null || byWork.compareTo(byBudget) < 0 ? byWork : byBudget;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Target tokens of a batch: the labels mask's sum, else batch x time steps (rank 3) or batch size. */
    static long targetTokens(MultiDataSet batch) {
        INDArray mask = batch.getLabelsMaskArray(0);
        if (mask != null) {
            return Math.round(mask.sumNumber().doubleValue());
        }
        INDArray labels = batch.getLabels(0);
        return labels.rank() == 3 ? labels.size(0) * labels.size(2) : labels.size(0);
    }

    /** Whether a batch's targets are whole sequences: one label row per example and no labels mask. */
    static boolean perSequence(MultiDataSet batch) {
        return batch.getLabelsMaskArray(0) == null && batch.getLabels(0).rank() == 2;
    }

    static String fmt(double v) {
        return String.format("%.4f", v);
    }

    /** "1h02m03s", "4m05s", "6s". */
    public static String formatDuration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s >= 3600) {
            return String.format("%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60);
        }
        if (s >= 60) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
