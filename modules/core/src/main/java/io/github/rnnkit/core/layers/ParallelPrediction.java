package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.Checks;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs independent prediction batches on several cores at once: the calling thread and up to N-1 long-lived
 * worker threads, each with its own replica of the network (DL4J networks are not safe for concurrent
 * {@code output} calls). Batches are handed out in order as workers free up, so a worker that drew long
 * sequences does not hold the others back.
 *
 * <p>Why: at prediction size (64 sequences of a few hundred steps, hidden 128-256) a recurrent layer's per-step
 * GEMMs are too small for OpenBLAS's threads to pay off and the gate math runs on the calling thread, so one
 * caller leaves the second core mostly idle. While workers run, OpenBLAS is held to one thread per call.
 *
 * <p>The worker threads live as long as the JVM (daemons) because each keeps its ND4J workspaces and its replica's
 * buffers between calls: fresh threads per call spent most of their time allocating and zeroing those (measured:
 * 2 fresh workers were 2.3x slower than one thread). {@link #replica} shares the network's parameter array, so
 * replicas made once stay current while the network trains.
 *
 * <p>Worker count: {@code -Drnnkit.predictThreads=N}, by default the available processors up to 8 (each replica
 * keeps buffers sized for the largest batch it has seen: ~100-200 MB for a layer of 256 units over 64 x 400
 * steps). A batch that itself calls {@link #run} (from a worker thread) runs its inner batches on its own thread.
 */
public final class ParallelPrediction {
    private static final int DEFAULT_WORKERS = Math.max(1, Integer.getInteger("rnnkit.predictThreads",
            Math.min(8, Runtime.getRuntime().availableProcessors())));
    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> false);
    private static ExecutorService pool;

    /** One batch's work on one replica. */
    @FunctionalInterface
    public interface Batch<M> {
        void run(M replica, int index) throws Exception;
    }

    private ParallelPrediction() {
    }

    /** How many replicas {@link #run} can use at once: {@code rnnkit.predictThreads}, or the processors up to 8. */
    public static int defaultWorkers() {
        return DEFAULT_WORKERS;
    }

    /**
     * A network for another thread that shares {@code network}'s parameters (no copy: it sees every update) but has
     * its own layers, activations and buffers.
     */
    public static ComputationGraph replica(ComputationGraph network) {
        Checks.notNull(network, "network");
        ComputationGraph r = new ComputationGraph(network.getConfiguration().clone());
        r.init(network.params(), false);
        return r;
    }

    /**
     * A network and the replicas made for it so far, grown on demand: keep one beside the network and pass
     * {@code forBatches(n)} to {@link #run}.
     */
    public static final class Replicas {
        private final ComputationGraph network;
        private final List<ComputationGraph> made = new ArrayList<>();

        public Replicas(ComputationGraph network) {
            this.network = Checks.notNull(network, "network");
            made.add(network);
        }

        /** The network first, then as many replicas (made now if missing) as {@link #run} can use on n batches. */
        public synchronized List<ComputationGraph> forBatches(int batches) {
            int wanted = Math.min(batches, DEFAULT_WORKERS);
            while (made.size() < wanted) {
                made.add(replica(network));
            }
            return List.copyOf(made);
        }

        /**
         * Frees the work buffers of the network's and every replica's fast recurrent layers
         * ({@link FastRecurrentLayer#releaseBuffers(org.deeplearning4j.nn.api.Layer[])}); the next prediction
         * allocates them again. Not while a {@link #run} on these replicas is in progress.
         *
         * @return the bytes freed
         */
        public synchronized long releaseBuffers() {
            long bytes = 0;
            for (ComputationGraph g : made) {
                bytes += FastRecurrentLayer.releaseBuffers(g.getLayers());
            }
            return bytes;
        }
    }

    /**
     * Calls {@code batch} for every index in [0, batches), replica {@code w} on one thread at a time. With one
     * replica (or one batch) everything runs on the calling thread.
     *
     * @param replicas the network first (the calling thread uses it), then the other threads' replicas
     * @param batches  how many batches, at least 0
     * @throws RuntimeException the first failure of any batch (a checked exception wrapped), after all workers stop
     */
    public static <M> void run(List<M> replicas, int batches, Batch<M> batch) {
        Checks.notNull(replicas, "replicas");
        Checks.notNull(batch, "batch");
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("replicas must hold at least the network itself");
        }
        Checks.nonNegative(batches, "batches");
        int threads = Math.min(Math.min(replicas.size(), DEFAULT_WORKERS), batches);
        if (threads <= 1 || IN_WORKER.get()) {
            for (int i = 0; i < batches; i++) {
                call(batch, replicas.get(0), i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // A worker claims its task before it starts; the caller claims the ones still queued when its own share is
        // done (nothing is left for them), so it waits only for workers that really run: no wait on a queue that
        // is busy with other calls, and no deadlock when the queue is full of callers.
        AtomicBoolean[] claimed = new AtomicBoolean[threads - 1];
        CountDownLatch finished = new CountDownLatch(threads - 1);
        Blas.enterOneThreadPerCall();
        try {
            for (int w = 1; w < threads; w++) {
                M replica = replicas.get(w);
                AtomicBoolean claim = claimed[w - 1] = new AtomicBoolean();
                pool().execute(() -> {
                    if (claim.compareAndSet(false, true)) {
                        try {
                            drain(replica, batches, next, failure, batch);
                        } finally {
                            finished.countDown();
                        }
                    }
                });
            }
            drain(replicas.get(0), batches, next, failure, batch);
            for (AtomicBoolean claim : claimed) {
                if (claim.compareAndSet(false, true)) {
                    finished.countDown();
                }
            }
            awaitQuietly(finished);
        } finally {
            Blas.leaveOneThreadPerCall();
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
        }
    }

    private static <M> void drain(M replica, int batches, AtomicInteger next, AtomicReference<Throwable> failure,
                                  Batch<M> batch) {
        try {
            for (int i = next.getAndIncrement(); i < batches && failure.get() == null; i = next.getAndIncrement()) {
                call(batch, replica, i);
            }
        } catch (Throwable e) {
            if (!failure.compareAndSet(null, e) && failure.get() != e) {
                failure.get().addSuppressed(e);
            }
        }
    }

    /** Waits for the workers even when interrupted (they use buffers the caller owns); re-sets the interrupt after. */
    private static void awaitQuietly(CountDownLatch finished) {
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(Math.max(1, DEFAULT_WORKERS - 1), r -> {
                Thread t = new Thread(() -> {
                    IN_WORKER.set(true);
                    r.run();
                }, "rnnkit-predict-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    private static <M> void call(Batch<M> batch, M replica, int index) {
        try {
            batch.run(replica, index);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("prediction batch " + index + " failed: " + e.getMessage(), e);
        }
    }
}
