package io.github.rnnkit.gradcheck;

import io.github.rnnkit.core.Eigenvalues;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.plot.LinePlot;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The vanishing/exploding-gradient story of the course notes, measured: for a loss at the last of T steps,
 * the norm of dL_T/dh(t) as a function of the distance T - t, for the vanilla RNN, the LSTM and the GRU,
 * freshly initialised (DL4J's Xavier init) and after a brief training on a task that needs memory; with the
 * spectral radius of the recurrent matrix, and what clipping by global norm does to the gradient.
 *
 * <p>The training task is delayed recall: one-hot symbols in, and at each step the target is the symbol seen
 * {@code delay} steps earlier. It is synthetic by design (a diagnostic), and it needs exactly the long-range
 * gradient that vanishes in a vanilla RNN.
 */
public final class GradientFlow {

    /**
     * One measured curve.
     *
     * @param cell           the cell
     * @param trained        false: freshly initialised; true: after the brief training
     * @param norms          norms[k] = |dL_T / dh(T - k)|, k = 0 .. T-1
     * @param spectralRadius largest |eigenvalue| of the recurrent matrix (vanilla: W; LSTM and GRU: the
     *                       candidate block of RW)
     * @param gradientNorm   global L2 norm of the parameter gradient of L_T
     * @param recallAccuracy accuracy of the trained model on fresh delayed-recall data (NaN when untrained)
     */
    public record Curve(RecurrentCell cell, boolean trained, double[] norms, double spectralRadius, double gradientNorm,
                        double recallAccuracy) {
        /** norms[k] / norms[0]: how much of the last step's gradient reaches k steps back. */
        public double ratio(int k) {
            return norms[Math.min(k, norms.length - 1)] / norms[0];
        }
    }

    /**
     * Settings.
     *
     * @param symbols       one-hot alphabet size (inputs and classes)
     * @param hidden        hidden units
     * @param steps         sequence length T
     * @param delay         delayed-recall distance
     * @param trainBatches  training batches (0: curves of the untrained cells only)
     * @param seed          seed
     */
    public record Options(int symbols, int hidden, int steps, int delay, int trainBatches, long seed) {
        public Options {
            if (symbols < 2 || hidden < 1 || steps < 2 || delay < 1 || delay >= steps || trainBatches < 0) {
                throw new IllegalArgumentException("invalid gradient-flow options: symbols " + symbols + " (>= 2), hidden "
                        + hidden + " (>= 1), steps " + steps + " (>= 2), delay " + delay + " (in [1, steps)), trainBatches "
                        + trainBatches + " (>= 0)");
            }
        }

        /** 8 symbols, 32 hidden, 60 steps, delay 8, 150 training batches, seed 1. */
        public static Options defaults() {
            return new Options(8, 32, 60, 8, 150, 1);
        }
    }

    private final Options o;

    public GradientFlow(Options options) {
        this.o = options;
    }

    /** Curves for every cell, untrained and (when trainBatches > 0) trained. */
    public List<Curve> measure(Collection<RecurrentCell> cells) {
        List<Curve> curves = new ArrayList<>();
        for (RecurrentCell cell : cells) {
            MultiLayerNetwork net = network(cell);
            curves.add(curve(cell, net, false, Double.NaN));
            if (o.trainBatches() > 0) {
                SplittableRandom r = new SplittableRandom(o.seed() + 1);
                for (int i = 0; i < o.trainBatches(); i++) {
                    net.fit(recallBatch(r, 32));
                }
                curves.add(curve(cell, net, true, recallAccuracy(net, new SplittableRandom(o.seed() + 2))));
            }
        }
        return curves;
    }

    private MultiLayerNetwork network(RecurrentCell cell) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .seed(o.seed()).updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list();
        RecurrentLayers.stack(o.symbols(), io.github.rnnkit.core.RecurrentSpec.of(cell, o.hidden())).forEach(list::layer);
        list.layer(RecurrentLayers.softmaxOutput(o.hidden(), o.symbols()));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private Curve curve(RecurrentCell cell, MultiLayerNetwork net, boolean trained, double accuracy) {
        CheckOptions shape = new CheckOptions(o.symbols(), o.hidden(), o.symbols(), Math.max(3, o.steps()), 1, false, 0,
                o.seed());
        ReferenceCell ref = ReferenceCell.random(cell, shape, o.seed()).withParamsOf(net);
        SplittableRandom r = new SplittableRandom(o.seed() + 3);
        double[][] x = new double[o.steps()][o.symbols()];
        int[] symbols = new int[o.steps()];
        for (int t = 0; t < o.steps(); t++) {
            symbols[t] = r.nextInt(o.symbols());
            x[t][symbols[t]] = 1;
        }
        int target = symbols[o.steps() - 1 - o.delay()];
        double[] norms = ref.hiddenGradientNorms(x, target);
        double gradNorm = lastStepGradientNorm(ref, x, target);
        return new Curve(cell, trained, norms, spectralRadius(ref.recurrentMatrix()), gradNorm, accuracy);
    }

    /** Global norm of the parameter gradient of the last step's loss (difference of two sequence losses' grads). */
    private double lastStepGradientNorm(ReferenceCell ref, double[][] x, int target) {
        int steps = x.length;
        int[] all = new int[steps];
        java.util.Arrays.fill(all, target);
        // the gradient of L_T = (loss of T steps) - (loss of the first T-1 steps), targets equal elsewhere
        List<Param> full = ref.run(x, all, steps, ref.zeroState(), true).grads();
        List<Param> head = ref.run(x, all, steps - 1, ref.zeroState(), true).grads();
        double sum = 0;
        for (int k = 0; k < full.size(); k++) {
            for (int i = 0; i < full.get(k).size(); i++) {
                double d = full.get(k).get(i) - head.get(k).get(i);
                sum += d * d;
            }
        }
        return Math.sqrt(sum);
    }

    /** Largest |eigenvalue| of a square matrix (or of its leading square block). */
    public static double spectralRadius(double[][] m) {
        if (m == null || m.length == 0 || m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException("spectralRadius needs a non-empty matrix");
        }
        int n = Math.min(m.length, m[0].length);
        double[][] square = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, square[i], 0, n);
        }
        return Eigenvalues.of(square).radius();
    }

    /** A batch of delayed recall: input one-hot symbols, target at step t the symbol at t - delay (masked before). */
    DataSet recallBatch(SplittableRandom r, int batch) {
        INDArray f = Nd4j.zeros(DataType.DOUBLE, batch, o.symbols(), o.steps());
        INDArray l = Nd4j.zeros(DataType.DOUBLE, batch, o.symbols(), o.steps());
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, batch, o.steps());
        for (int b = 0; b < batch; b++) {
            int[] s = new int[o.steps()];
            for (int t = 0; t < o.steps(); t++) {
                s[t] = r.nextInt(o.symbols());
                f.putScalar(b, s[t], t, 1.0);
                if (t >= o.delay()) {
                    l.putScalar(b, s[t - o.delay()], t, 1.0);
                    mask.putScalar(b, t, 1.0);
                }
            }
        }
        return new DataSet(f, l, null, mask);
    }

    double recallAccuracy(MultiLayerNetwork net, SplittableRandom r) {
        DataSet ds = recallBatch(r, 64);
        INDArray out = net.output(ds.getFeatures());
        long right = 0;
        long total = 0;
        for (int b = 0; b < 64; b++) {
            for (int t = o.delay(); t < o.steps(); t++) {
                int predicted = out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t))
                        .argMax().getInt(0);
                int truth = ds.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t))
                        .argMax().getInt(0);
                right += predicted == truth ? 1 : 0;
                total++;
            }
        }
        return (double) right / total;
    }

    /** The table: norms at a few distances, their ratio to the last step's, spectral radius, clipping. */
    public static String table(List<Curve> curves, double clip) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-11s %-9s %10s %10s %10s %10s %9s %9s %11s %9s%n", "cell", "state",
                "|dh| k=0", "k=5", "k=20", "k=50", "k50/k0", "spectral", "grad norm", "recall"));
        for (Curve c : curves) {
            sb.append(String.format(Locale.ROOT, "%-11s %-9s %10.3e %10.3e %10.3e %10.3e %9.2e %9.3f %11.3e %9s%n",
                    c.cell(), c.trained() ? "trained" : "init", c.norms()[0], at(c, 5), at(c, 20), at(c, 50), c.ratio(50),
                    c.spectralRadius(), c.gradientNorm(),
                    Double.isNaN(c.recallAccuracy()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * c.recallAccuracy())));
        }
        sb.append(String.format(Locale.ROOT, "%nClipping by global norm at %.1f rescales a gradient whose norm exceeds it "
                + "and leaves its direction, and so the ratios above, unchanged:%n", clip));
        for (Curve c : curves) {
            double scale = c.gradientNorm() > clip ? clip / c.gradientNorm() : 1.0;
            sb.append(String.format(Locale.ROOT, "  %-10s %-8s norm %.3e -> %.3e (x %.3g)%n", c.cell(),
                    c.trained() ? "trained" : "init", c.gradientNorm(), c.gradientNorm() * scale, scale));
        }
        sb.append("It tames exploding gradients; it cannot restore a gradient that has vanished.\n");
        return sb.toString();
    }

    private static double at(Curve c, int k) {
        return k < c.norms().length ? c.norms()[k] : Double.NaN;
    }

    /** log10 |dL_T/dh(T-k)| against k, one line per curve. */
    public static void plot(List<Curve> curves, Path png) throws IOException {
        linePlot(curves).writePng(png, 900, 520);
    }

    /** The plot of {@link #plot} as an image (a notebook cell ending in it shows it inline). */
    public static BufferedImage image(List<Curve> curves) {
        return linePlot(curves).render(900, 520);
    }

    private static LinePlot linePlot(List<Curve> curves) {
        LinePlot plot = new LinePlot("Gradient flow: log10 |dL_T / dh(T-k)|", "distance k from the last step");
        for (Curve c : curves) {
            double[] x = new double[c.norms().length];
            double[] y = new double[c.norms().length];
            for (int k = 0; k < x.length; k++) {
                x[k] = k;
                y[k] = Math.log10(Math.max(c.norms()[k], 1e-300));
            }
            plot.add(new LinePlot.Series(c.cell() + (c.trained() ? " trained" : " init"), x, y, false));
        }
        return plot;
    }
}
