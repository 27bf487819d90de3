package io.github.rnnkit.spark;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.train.GlobalNormClipping;
import io.github.rnnkit.core.train.TrainableNetwork;
import io.github.rnnkit.core.train.TrainingEngine;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Trains any preset on Apache Spark with DL4J's {@link ParameterAveragingTrainingMaster}: put it in the
 * preset's {@code TrainingConfig} and train as usual.
 *
 * <pre>{@code
 * try (SparkEngine spark = SparkEngine.start(SparkSettings.of("local[2]"))) {
 *     TrainingConfig training = TrainingConfig.defaults().withClipGlobalNorm(5.0).withEngine(spark.clipOnWorkers(5.0));
 *     model.fit(data, training, listeners, null);
 * }
 * }</pre>
 *
 * <p>The {@code Trainer} hands over each epoch's batches in rounds of {@code workers x averagingFrequency}, in
 * the order the preset's batch source gives them; each round is one Spark job in which worker {@code i} trains
 * the {@code i}-th run of {@code averagingFrequency} consecutive batches from the current parameters and updater
 * state, after which parameters and updater state are averaged back into the network in the driver (a round whose
 * batches differ in size, such as an epoch's short last batch, runs one job per run of equal-sized batches, because
 * DL4J's workers re-batch their data to one size). So
 * validation, checkpoints, early stopping and resuming work as they do locally, and with one worker and
 * averaging frequency 1 the run is the local run (same batches, same order, same updates).
 *
 * <p>Spark and Scala are provided by the cluster (or by the test class path): this module does not bundle them.
 * On Java 17 the JVMs need {@code --add-opens} flags; {@link #start} checks for them and names the missing one.
 */
public final class SparkEngine implements TrainingEngine, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SparkEngine.class);
    /** The packages Spark 3.x reflects into on Java 17 (those its own launcher opens). */
    static final List<String> REQUIRED_OPENS = List.of("java.base/sun.nio.ch", "java.base/java.nio",
            "java.base/java.lang", "java.base/java.util", "java.base/java.lang.invoke");
    /** How long {@link #start} waits for a {@code spark://} master to accept a connection. */
    static final int CONNECT_TIMEOUT_MS = 10_000;
    /**
     * Aeron settings gradient sharing needs: with DL4J M2's defaults the publication unblock timeout is not above
     * the client liveness timeout and Aeron refuses to start; and its folder is removed at shutdown.
     */
    static final String AERON_OPTIONS = "-Daeron.publication.unblock.timeout=60000000000 -Daeron.dir.delete.on.shutdown=true";

    private final JavaSparkContext sc;
    private final boolean ownsContext;
    private final SparkSettings settings;
    private final int workers;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private double clipGlobalNorm;
    private Model wrappedModel;
    private Object wrapper;
    /** One parameter-averaging master per batch size (a master re-batches its workers' data to its size). */
    private final Map<Integer, ParameterAveragingTrainingMaster> masters = new HashMap<>();
    private SharedTrainingMaster shared;
    private int rounds;

    private SparkEngine(JavaSparkContext sc, boolean ownsContext, SparkSettings settings, Path workDir,
                        boolean ownsWorkDir) {
        this.sc = sc;
        this.ownsContext = ownsContext;
        this.settings = settings;
        this.workers = settings.workers() > 0 ? settings.workers() : sc.defaultParallelism();
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
    }

    /**
     * Starts a Spark context on {@code settings.master()} (in this JVM as the driver).
     *
     * @throws IllegalStateException    when a JVM flag Spark needs is missing (the message gives it)
     * @throws IllegalArgumentException when the master URL is malformed or a {@code spark://} master does not
     *                                  answer within {@value #CONNECT_TIMEOUT_MS} ms
     */
    public static SparkEngine start(SparkSettings settings) {
        return start(settings, new SparkConf());
    }

    /** As {@link #start(SparkSettings)}, with extra Spark settings (executor memory, class path ...). */
    public static SparkEngine start(SparkSettings settings, SparkConf conf) {
        Checks.notNull(settings, "settings");
        Checks.notNull(conf, "conf");
        checkJvmFlags();
        if (settings.master() != null) {
            checkReachable(settings.master());
            conf.setMaster(settings.master());
        } else if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("no Spark master URL: give one (local[2], spark://HOST:7077 ...) or "
                    + "run under spark-submit --master URL");
        }
        if (settings.approach() == SparkSettings.Approach.GRADIENT_SHARING) {
            // the executors' parameter-server clients need the same Aeron settings as the driver (fitShared)
            String opts = conf.get("spark.executor.extraJavaOptions", "");
            conf.set("spark.executor.extraJavaOptions", (opts + " " + AERON_OPTIONS).trim());
        }
        conf.setIfMissing("spark.app.name", "rnnkit");
        conf.setIfMissing("spark.ui.enabled", "false");
        Path dir = workDir(settings);
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.local.dir", dir.resolve("spark-local").toString());
        }
        log.info("Starting Spark ({}), scratch folder {}", settings, dir);
        JavaSparkContext sc = new JavaSparkContext(conf);
        return new SparkEngine(sc, true, settings, dir, settings.workDir() == null);
    }

    /** An engine on a context the caller owns (e.g. made by {@code spark-submit}); {@link #close} leaves it running. */
    public static SparkEngine on(JavaSparkContext sc, SparkSettings settings) {
        Checks.notNull(sc, "sc");
        Checks.notNull(settings, "settings");
        return new SparkEngine(sc, false, settings, workDir(settings), settings.workDir() == null);
    }

    /**
     * Clips gradients on the workers to global norm {@code threshold} (0: none), before the first round. The
     * trainer's own clipping runs in the driver, which trains nothing on Spark: pass the run's
     * {@code clipGlobalNorm} here (the CLI does).
     *
     * @return this engine
     */
    public SparkEngine clipOnWorkers(double threshold) {
        Checks.nonNegative(threshold, "clipGlobalNorm");
        if (!masters.isEmpty() || shared != null) {
            throw new IllegalStateException("clipOnWorkers must be set before the first round of training");
        }
        clipGlobalNorm = threshold;
        return this;
    }

    private static Path workDir(SparkSettings settings) {
        try {
            if (settings.workDir() != null) {
                return Files.createDirectories(settings.workDir());
            }
            return Files.createTempDirectory("rnnkit-spark-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Spark's scratch folder " + settings.workDir() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Fails naming the {@code --add-opens} flag to add when this JVM lacks one that Spark needs on Java 17+. */
    static void checkJvmFlags() {
        List<String> missing = new ArrayList<>();
        Module unnamed = SparkEngine.class.getClassLoader().getUnnamedModule();
        for (String opens : REQUIRED_OPENS) {
            String[] parts = opens.split("/");
            Module module = ModuleLayer.boot().findModule(parts[0]).orElseThrow();
            if (!module.isOpen(parts[1], unnamed)) {
                missing.add("--add-opens=" + opens + "=ALL-UNNAMED");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Spark needs these JVM flags on Java " + Runtime.version().feature()
                    + ", missing: " + String.join(" ", missing) + ". The rnnkit launcher and spark-submit add them; "
                    + "for your own JVM add them to its command line (or JDK_JAVA_OPTIONS)");
        }
    }

    /** For {@code spark://host:port[,host:port]} masters: fails within a bounded time when none answers. */
    static void checkReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        String hosts = master.substring("spark://".length());
        List<String> errors = new ArrayList<>();
        for (String hostPort : hosts.split(",")) {
            URI uri;
            try {
                uri = URI.create("spark://" + hostPort);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed Spark master URL " + master + ": " + e.getMessage());
            }
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("malformed Spark master URL " + master
                        + ": expected spark://HOST:PORT (the standalone master's port, usually 7077)");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                errors.add(hostPort + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("cannot reach the Spark master " + master + " (tried for "
                + CONNECT_TIMEOUT_MS / 1000 + " s): " + String.join("; ", errors)
                + ". Is the master running (sbin/start-master.sh) and is the URL the one its log prints?");
    }

    @Override
    public int batchesPerRound() {
        // gradient sharing trains a whole epoch in one Spark job (its parameter server starts once per job)
        return sharing() ? Integer.MAX_VALUE : workers * settings.averagingFrequency();
    }

    private boolean sharing() {
        return settings.approach() == SparkSettings.Approach.GRADIENT_SHARING;
    }

    @Override
    public double fitRound(TrainableNetwork network, List<MultiDataSet> batches) {
        Checks.notNull(network, "network");
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("a round needs at least one batch");
        }
        Model model = network.model();
        if (sharing()) {
            return fitShared(model, batches);
        }
        // A worker re-batches what it is given to the master's batch size (DL4J's IteratorDataSetIterator) and
        // trains at most averagingFrequency of the results: batches of another size would be merged, split, or
        // (when larger) partly dropped. So each run of equal-sized batches is its own job, with a master of its size.
        double scoreTimesExamples = 0;
        long examples = 0;
        int from = 0;
        while (from < batches.size()) {
            long size = batches.get(from).getFeatures(0).size(0);
            int to = from + 1;
            while (to < batches.size() && batches.get(to).getFeatures(0).size(0) == size) {
                to++;
            }
            long runExamples = size * (to - from);
            scoreTimesExamples += fitAveraged(model, batches.subList(from, to)) * runExamples;
            examples += runExamples;
            from = to;
        }
        return scoreTimesExamples / examples;
    }

    /** One parameter-averaging job over {@code batches}, all of one size; the score per example. */
    private double fitAveraged(Model model, List<MultiDataSet> batches) {
        int partitions = (int) Math.min(workers, (batches.size() + settings.averagingFrequency() - 1L)
                / settings.averagingFrequency());
        int batchSize = (int) batches.get(0).getFeatures(0).size(0);
        ParameterAveragingTrainingMaster tm = master(batchSize);
        rounds++;
        // DL4J advances the driver's iteration count (Adam's step) by averagingFrequency per round, but a worker
        // makes one update per truncated-BPTT segment and may get fewer batches: count the busiest worker's updates
        long updates = 0;
        for (int w = 0; w < partitions; w++) {
            long perWorker = 0;
            for (int i = sliceStart(w, batches.size(), partitions); i < sliceStart(w + 1, batches.size(), partitions); i++) {
                perWorker += updatesFor(model, batches.get(i));
            }
            updates = Math.max(updates, perWorker);
        }
        long segments = 1;
        for (MultiDataSet b : batches) {
            segments = Math.max(segments, updatesFor(model, b));
        }
        double score;
        int iterations;
        if (model instanceof MultiLayerNetwork mln) {
            List<DataSet> list = new ArrayList<>(batches.size());
            for (MultiDataSet b : batches) {
                list.add(TrainableNetwork.asDataSet(b));
            }
            SparkDl4jMultiLayer spark = (SparkDl4jMultiLayer) wrapper(model, tm);
            iterations = mln.getIterationCount();
            tm.executeTraining(spark, sc.parallelize(list, partitions));
            mln.setIterationCount((int) (iterations + updates));
            score = spark.getScore();
        } else {
            ComputationGraph graph = (ComputationGraph) model;
            SparkComputationGraph spark = (SparkComputationGraph) wrapper(graph, tm);
            iterations = graph.getIterationCount();
            JavaRDD<MultiDataSet> rdd = sc.parallelize(new ArrayList<>(batches), partitions);
            tm.executeTrainingMDS(spark, rdd);
            graph.getConfiguration().setIterationCount((int) (iterations + updates));
            score = spark.getScore();
        }
        // the workers report the score of their last minibatch's last truncated-BPTT segment: scale it to the
        // whole sequence (segments of equal length) as the engine's contract asks
        return score * segments;
    }

    /** Where Spark's {@code parallelize} starts slice {@code i} of {@code n} elements in {@code slices}. */
    static int sliceStart(int i, int n, int slices) {
        return (int) ((long) i * n / slices);
    }

    /** Parameter updates a worker makes on {@code batch}: one per truncated-BPTT segment, else one. */
    static long updatesFor(Model model, MultiDataSet batch) {
        boolean tbptt;
        int length;
        if (model instanceof MultiLayerNetwork mln) {
            tbptt = mln.getLayerWiseConfigurations().getBackpropType() == BackpropType.TruncatedBPTT;
            length = mln.getLayerWiseConfigurations().getTbpttFwdLength();
        } else {
            ComputationGraphConfiguration conf = ((ComputationGraph) model).getConfiguration();
            tbptt = conf.getBackpropType() == BackpropType.TruncatedBPTT;
            length = conf.getTbpttFwdLength();
        }
        long steps = batch.getFeatures(0).rank() == 3 ? batch.getFeatures(0).size(2) : 1;
        return tbptt && length > 0 ? (steps + length - 1) / length : 1;
    }

    /** One epoch with DL4J's SharedTrainingMaster; returns the mean score over the batches (a forward pass). */
    private double fitShared(Model model, List<MultiDataSet> batches) {
        // see AERON_OPTIONS: the driver (and local-mode workers) read them from this JVM's properties
        System.setProperty("aeron.publication.unblock.timeout", "60000000000");
        System.setProperty("aeron.dir.delete.on.shutdown", "true");
        int batchSize = (int) batches.get(0).getFeatures(0).size(0);
        SharedTrainingMaster tm = sharedMaster(batchSize);
        rounds++;
        int partitions = Math.min(workers, batches.size());
        if (model instanceof MultiLayerNetwork) {
            List<DataSet> list = new ArrayList<>(batches.size());
            for (MultiDataSet b : batches) {
                list.add(TrainableNetwork.asDataSet(b));
            }
            SparkDl4jMultiLayer spark = (SparkDl4jMultiLayer) wrapper(model, tm);
            JavaRDD<DataSet> rdd = sc.parallelize(list, partitions);
            tm.executeTraining(spark, rdd);
            return spark.calculateScore(rdd, true);     // SharedTrainingMaster reports no score of its own
        }
        SparkComputationGraph spark = (SparkComputationGraph) wrapper(model, tm);
        JavaRDD<MultiDataSet> rdd = sc.parallelize(new ArrayList<>(batches), partitions);
        tm.executeTrainingMDS(spark, rdd);
        return spark.calculateScoreMultiDataSet(rdd, true);
    }

    private SharedTrainingMaster sharedMaster(int batchSize) {
        if (shared == null) {
            String host = sc.getConf().get("spark.driver.host", "127.0.0.1");
            VoidConfiguration voidConfig = VoidConfiguration.builder().portSupplier(new JvmPortSupplier())
                    .controllerAddress(host).build();
            shared = new SharedTrainingMaster.Builder(voidConfig, batchSize)
                    .batchSizePerWorker(batchSize)
                    .workersPerNode(1)
                    .workerPrefetchNumBatches(0)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .repartitionData(Repartition.Never)
                    .exportDirectory(workDir.resolve("export").toUri().toString())
                    .collectTrainingStats(false)
                    .build();
            if (clipGlobalNorm > 0) {
                shared.setListeners(List.of(new GlobalNormClipping(clipGlobalNorm)));
            }
        }
        return shared;
    }

    private Object wrapper(Model model, TrainingMaster<?, ?> tm) {
        if (wrappedModel != model) {
            wrappedModel = model;
            wrapper = model instanceof MultiLayerNetwork mln ? new SparkDl4jMultiLayer(sc, mln, tm)
                    : new SparkComputationGraph(sc, (ComputationGraph) model, tm);
        }
        return wrapper;
    }

    private ParameterAveragingTrainingMaster master(int batchSize) {
        return masters.computeIfAbsent(batchSize, size -> {
            ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(workers, size)
                    .batchSizePerWorker(size)
                    .averagingFrequency(settings.averagingFrequency())
                    .workerPrefetchNumBatches(0)
                    .saveUpdater(true)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .repartionData(Repartition.Never)
                    .exportDirectory(workDir.resolve("export").toUri().toString())
                    .collectTrainingStats(false)
                    .build();
            if (clipGlobalNorm > 0) {
                List<TrainingListener> onWorkers = List.of(new GlobalNormClipping(clipGlobalNorm));
                tm.setListeners(onWorkers);
            }
            return tm;
        });
    }

    /** Workers that train in parallel. */
    public int workers() {
        return workers;
    }

    /** Spark jobs of training run so far (one per round, more where a round's batches differ in size). */
    public int rounds() {
        return rounds;
    }

    /** The Spark context (to run your own jobs beside training, or to read its status). */
    public JavaSparkContext sparkContext() {
        return sc;
    }

    @Override
    public String describe() {
        String how = sharing() ? "gradient sharing (" + workers + " workers)"
                : String.format(Locale.ROOT, "parameter averaging (%d workers, averaging every %d minibatch(es)",
                workers, settings.averagingFrequency());
        String clip = clipGlobalNorm > 0 ? "global-norm clipping " + clipGlobalNorm + " on the workers" : "";
        if (!sharing()) {
            how += clip.isEmpty() ? ")" : ", " + clip + ")";
        } else if (!clip.isEmpty()) {
            how += ", " + clip;
        }
        return "Spark " + sc.version() + " " + sc.master() + ", " + how;
    }

    /** Records in {@code bundle}'s provenance that it was trained here (rewrites the file atomically). */
    public void stamp(Path bundle) throws IOException {
        ModelBundle b = ModelBundle.load(bundle);
        b.withProvenance(b.provenance().withTrainedOn(describe())).save(bundle);
    }

    /** Stops the Spark context this engine started and removes its scratch folder. */
    @Override
    public void close() {
        if (ownsContext) {
            sc.stop();
        }
        if (ownsWorkDir) {
            deleteTree(workDir);
        } else {
            deleteTree(workDir.resolve("export"));
            deleteTree(workDir.resolve("spark-local"));
            try (Stream<Path> left = Files.list(workDir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(workDir);
                }
            } catch (IOException e) {
                log.warn("Could not remove Spark's scratch folder {}: {}", workDir, e.toString());
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("Could not remove Spark's scratch folder {}: {}", dir, e.toString());
        }
    }
}
