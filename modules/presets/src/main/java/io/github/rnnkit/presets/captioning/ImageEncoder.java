package io.github.rnnkit.presets.captioning;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.train.BatchSource;
import io.github.rnnkit.core.train.TrainableNetwork;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.Validation;
import io.github.rnnkit.data.captioning.CaptionedImage;
import io.github.rnnkit.data.captioning.LabelledImages;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The captioner's image side: a frozen DL4J CNN that maps an image [B, C, H, W] to a feature map [B, F, h, w], read
 * by the decoder as P = h * w positions of F features, plus two channels holding each position's row and column
 * in [-1, 1] (so that attention, which mixes features across positions, still knows where they came from).
 *
 * <p>Features are computed once per image (cached for training, once per image at captioning time), never per
 * word. The default encoder is pretrained here as a 20-way tile classifier ({@link #pretrainOnTiles}: two 3x3
 * convolutions of 32 and 64 filters, each with ReLU and 2x2 max pooling, then a dense layer of 128 ReLU units and
 * a softmax; training tiles shifted by up to 2 pixels), then cut before its softmax with DL4J's
 * {@link TransferLearning}, its dense layer turned into a 7x7 convolution of stride 7 ({@link #convolutionalize}),
 * and frozen: a 56x56 scene gives a 128 x 2 x 2 map, the classifier's features of each 28x28 cell. Any other DL4J
 * CNN whose output is rank 4 (or rank 2: one position) may be passed to {@link #of}.
 */
public final class ImageEncoder {
    /** Training tiles are shifted by up to this many pixels either way, as scenes jitter theirs. */
    static final int TRAINING_SHIFT = 2;
    private static final Logger log = LoggerFactory.getLogger(ImageEncoder.class);

    private final MultiLayerNetwork network;
    private final Shape shape;

    /**
     * What the encoder reads and writes.
     *
     * @param channels       image channels (1 or 3)
     * @param height         image height the encoder reads
     * @param width          image width
     * @param features       F, channels of the CNN's output map
     * @param gridHeight     h, rows of the output map
     * @param gridWidth      w, columns of the output map
     * @param tileAccuracy   the tile classifier's validation accuracy, or NaN for a user's CNN
     */
    public record Shape(int channels, int height, int width, int features, int gridHeight, int gridWidth,
                        double tileAccuracy) {
        /** Positions P the decoder reads. */
        public int positions() {
            return gridHeight * gridWidth;
        }

        /** Features per position the decoder reads: the CNN's F plus two coordinate channels. */
        public int decoderFeatures() {
            return features + 2;
        }
    }

    private ImageEncoder(MultiLayerNetwork network, Shape shape) {
        this.network = network;
        this.shape = shape;
    }

    /**
     * A user's CNN as the encoder: every layer frozen, the output shape found by one forward pass.
     *
     * @throws IllegalArgumentException when the network does not take a [1, channels, height, width] image or its
     *                                  output is not rank 2 or 4
     */
    public static ImageEncoder of(MultiLayerNetwork cnn, int channels, int height, int width) {
        Checks.notNull(cnn, "cnn");
        boolean anyFrozen = cnn.getLayerWiseConfigurations().getConfs().stream()
                .anyMatch(c -> c.getLayer() instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer);
        // DL4J cannot freeze a network again that has frozen layers; rnnkit never updates the encoder either way
        MultiLayerNetwork frozen;
        try {
            frozen = anyFrozen ? cnn : new TransferLearning.Builder(cnn).setFeatureExtractor(cnn.getnLayers() - 1)
                    .build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the encoder CNN cannot be frozen (" + e.getMessage() + "); pass its "
                    + "feature layers, e.g. cut a classifier's output layer off with TransferLearning", e);
        }
        return probe(frozen, channels, height, width, Double.NaN);
    }

    private static ImageEncoder probe(MultiLayerNetwork net, int channels, int height, int width, double accuracy) {
        INDArray out;
        try {
            out = net.output(Nd4j.zeros(net.getLayerWiseConfigurations().getDataType(), 1, channels, height, width));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the encoder CNN does not take a [1, " + channels + ", " + height + ", "
                    + width + "] image: " + e.getMessage(), e);
        }
        Shape shape = switch (out.rank()) {
            case 4 -> new Shape(channels, height, width, (int) out.size(1), (int) out.size(2), (int) out.size(3),
                    accuracy);
            case 2 -> new Shape(channels, height, width, (int) out.size(1), 1, 1, accuracy);
            default -> throw new IllegalArgumentException("the encoder CNN's output must be rank 4 [B, F, h, w] or "
                    + "rank 2 [B, F], got shape " + java.util.Arrays.toString(out.shape()));
        };
        return new ImageEncoder(net, shape);
    }

    /**
     * Trains the tile classifier on {@code tiles} (28x28, labels 0..classes-1) and returns its frozen convolutional
     * part as an encoder for {@code height x width} grayscale images.
     *
     * @param validation tiles scored after every epoch (accuracy, for the log, early stopping and the shape's
     *                   {@code tileAccuracy})
     */
    public static ImageEncoder pretrainOnTiles(LabelledImages tiles, LabelledImages validation, int classes,
                                               int height, int width, TrainingConfig training,
                                               List<TrainerListener> listeners) {
        Checks.notNull(tiles, "tiles");
        Checks.notNull(validation, "validation");
        Checks.notNull(training, "training");
        MultiLayerNetwork classifier = tileClassifier(classes, tiles.rows(), tiles.cols(), training);
        log.info("Tile classifier: {} training and {} validation tiles, {} classes, {} parameters", tiles.size(),
                validation.size(), classes, classifier.numParams());
        Trainer trainer = new Trainer(training);
        listeners.forEach(trainer::addListener);
        double[] last = {Double.NaN};
        Validation accuracy = new Validation() {
            @Override
            public String metric() {
                return "val_tile_accuracy";
            }

            @Override
            public boolean higherIsBetter() {
                return true;
            }

            @Override
            public double evaluate(TrainableNetwork net) {
                double a = accuracy(classifier, validation);
                last[0] = a;
                log.info("tile classifier: validation accuracy {}", String.format("%.4f", a));
                return a;
            }
        };
        trainer.fit(TrainableNetwork.of(classifier), tileBatches(tiles, classes, training.batchSize(),
                training.seed()), accuracy, null, null);
        // early stopping restores the best epoch; its accuracy is the last one logged only when it was the last
        double tileAccuracy = last[0];
        if (Double.isNaN(tileAccuracy) || training.epochs() > 1) {
            tileAccuracy = accuracy(classifier, validation);
        }
        MultiLayerNetwork encoder = convolutionalize(classifier, tiles.rows() / 4, training.seed());
        return probe(encoder, 1, height, width, tileAccuracy);
    }

    /** The untrained tile classifier: conv 3x3x32, pool, conv 3x3x64, pool, dense 128, softmax. */
    static MultiLayerNetwork tileClassifier(int classes, int rows, int cols, TrainingConfig training) {
        if (rows % 4 != 0 || cols != rows) {
            throw new IllegalArgumentException("tiles must be square with a side divisible by 4, got " + rows + "x"
                    + cols);
        }
        MultiLayerConfiguration conf = training.applyTo(new NeuralNetConfiguration.Builder())
                .weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(rows, cols, 1))
                .build();
        MultiLayerNetwork classifier = new MultiLayerNetwork(conf);
        classifier.init();
        return classifier;
    }

    /**
     * The classifier's convolutional part followed by its dense layer turned into a convolution: a k x k kernel
     * (k the tile's feature map side) with stride k, its weights the dense layer's, reshaped. On a tile it computes
     * exactly the dense layer's activations; on a larger image, those of every tile-sized window, one tile apart.
     * Cut with DL4J's {@link TransferLearning} and frozen.
     *
     * @param classifier conv, pool, conv, pool, dense, output (the network {@link #pretrainOnTiles} trains)
     */
    static MultiLayerNetwork convolutionalize(MultiLayerNetwork classifier, int k, long seed) {
        org.deeplearning4j.nn.api.Layer dense = classifier.getLayer(4);
        long nIn = dense.getParam("W").size(0);
        long nOut = dense.getParam("W").size(1);
        long channels = nIn / ((long) k * k);
        MultiLayerNetwork cut = new TransferLearning.Builder(classifier)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().seed(seed).build())
                .removeLayersFromOutput(2)                    // drop the dense layer and the softmax
                .addLayer(new ConvolutionLayer.Builder(k, k).stride(k, k).nIn(channels).nOut(nOut)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.RELU).build())
                .build();
        // DL4J M2.1's removeLayersFromOutput drops the preprocessors of indexes nLayers - i (one past the layers it
        // removes), so the dense layer's CNN-to-feed-forward preprocessor would stay in front of the added layer
        cut.getLayerWiseConfigurations().getInputPreProcessors().remove(4);
        // the preprocessor flattened [C, k, k] in 'c' order: dense row c*k*k + y*k + x is kernel weight (o, c, y, x)
        cut.getLayer(4).setParam("W", dense.getParam("W").transpose().dup('c').reshape('c', nOut, channels, k, k));
        cut.getLayer(4).setParam("b", dense.getParam("b").dup());
        return new TransferLearning.Builder(cut).setFeatureExtractor(4).build();      // every layer frozen
    }

    private static BatchSource tileBatches(LabelledImages tiles, int classes, int batchSize, long seed) {
        int n = tiles.size();
        return new BatchSource() {
            @Override
            public Iterator<MultiDataSet> epoch(int epoch) {
                Random rng = new Random(seed * 1_000_003L + epoch);
                int[] order = shuffledOrder(n, rng);
                Random shifts = new Random(rng.nextLong());
                return inBatches(order, batchSize, rows -> new org.nd4j.linalg.dataset.MultiDataSet(
                        tileArray(tiles, rows, shifts), oneHot(tiles, rows, classes)));
            }

            @Override
            public long batchesPerEpoch() {
                return (n + batchSize - 1) / batchSize;
            }
        };
    }

    /** Batches of {@code batchSize} consecutive entries of {@code order} (the last may be smaller), made lazily. */
    static Iterator<MultiDataSet> inBatches(int[] order, int batchSize,
                                            java.util.function.Function<int[], MultiDataSet> make) {
        return new Iterator<>() {
            int from;

            @Override
            public boolean hasNext() {
                return from < order.length;
            }

            @Override
            public MultiDataSet next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                int b = Math.min(batchSize, order.length - from);
                int[] rows = java.util.Arrays.copyOfRange(order, from, from + b);
                from += b;
                return make.apply(rows);
            }
        };
    }

    /** 0 .. n-1 in an order drawn from {@code rng} (Fisher-Yates). */
    static int[] shuffledOrder(int n, Random rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Tiles {@code rows} as [B, 1, rows, cols] in [0, 1]; with {@code shifts}, each moved by up to
     * {@value #TRAINING_SHIFT} pixels either way (zeros fill in), as scenes jitter their tiles.
     */
    private static INDArray tileArray(LabelledImages tiles, int[] rows, Random shifts) {
        int h = tiles.rows();
        int w = tiles.cols();
        float[] x = new float[rows.length * h * w];
        for (int r = 0; r < rows.length; r++) {
            int dy = shifts == null ? 0 : shifts.nextInt(2 * TRAINING_SHIFT + 1) - TRAINING_SHIFT;
            int dx = shifts == null ? 0 : shifts.nextInt(2 * TRAINING_SHIFT + 1) - TRAINING_SHIFT;
            for (int y = 0; y < h; y++) {
                int sy = y - dy;
                if (sy < 0 || sy >= h) {
                    continue;
                }
                for (int q = 0; q < w; q++) {
                    int sx = q - dx;
                    if (sx >= 0 && sx < w) {
                        x[(r * h + y) * w + q] = (tiles.pixels()[(rows[r] * h + sy) * w + sx] & 0xff) / 255f;
                    }
                }
            }
        }
        return Nd4j.create(x, new long[]{rows.length, 1, h, w}, 'c');
    }

    private static INDArray oneHot(LabelledImages tiles, int[] rows, int classes) {
        INDArray y = Nd4j.zeros(rows.length, classes);
        for (int r = 0; r < rows.length; r++) {
            int label = tiles.label(rows[r]);
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(tiles.name() + ": label " + label + " of tile " + rows[r]
                        + " is out of range 0.." + (classes - 1));
            }
            y.putScalar(r, label, 1.0);
        }
        return y;
    }

    /** Share of {@code tiles} the classifier labels correctly. */
    static double accuracy(MultiLayerNetwork classifier, LabelledImages tiles) {
        long right = 0;
        for (int from = 0; from < tiles.size(); from += 512) {
            int b = Math.min(512, tiles.size() - from);
            int[] rows = new int[b];
            for (int i = 0; i < b; i++) {
                rows[i] = from + i;
            }
            INDArray predicted = classifier.output(tileArray(tiles, rows, null)).argMax(1);
            for (int i = 0; i < b; i++) {
                right += predicted.getInt(i) == tiles.label(from + i) ? 1 : 0;
            }
        }
        return (double) right / tiles.size();
    }

    /**
     * The decoder's view of {@code images}: [N, F + 2, P] (c order), the CNN's features at each position followed by
     * the position's row and column in [-1, 1].
     *
     * @throws IllegalArgumentException when an image's channels or size differ from the encoder's, naming it
     */
    public INDArray features(List<CaptionedImage> images) {
        int n = images.size();
        int f = shape.features();
        int p = shape.positions();
        INDArray out = Nd4j.create(network.getLayerWiseConfigurations().getDataType(), n, f + 2, p);
        int px = shape.channels() * shape.height() * shape.width();
        for (int from = 0; from < n; from += 128) {
            int b = Math.min(128, n - from);
            float[] x = new float[b * px];
            for (int i = 0; i < b; i++) {
                CaptionedImage im = images.get(from + i);
                if (im.channels() != shape.channels() || im.height() != shape.height()
                        || im.width() != shape.width()) {
                    throw new IllegalArgumentException("image " + im.id() + " is " + im.channels() + "x" + im.height()
                            + "x" + im.width() + " (channels x height x width); the encoder reads "
                            + shape.channels() + "x" + shape.height() + "x" + shape.width()
                            + " (load it through ImageFiles with the model's image size)");
                }
                System.arraycopy(im.pixels(), 0, x, i * px, px);
            }
            INDArray input = Nd4j.create(x, new long[]{b, shape.channels(), shape.height(), shape.width()}, 'c');
            INDArray map = network.output(input);
            INDArray flat = map.reshape('c', b, f, p);
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + b),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, f),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(flat);
        }
        for (int q = 0; q < p; q++) {
            int row = q / shape.gridWidth();
            int col = q % shape.gridWidth();
            double y = shape.gridHeight() == 1 ? 0 : 2.0 * row / (shape.gridHeight() - 1) - 1;
            double x = shape.gridWidth() == 1 ? 0 : 2.0 * col / (shape.gridWidth() - 1) - 1;
            for (int i = 0; i < n; i++) {
                out.putScalar(new long[]{i, f, q}, y);
                out.putScalar(new long[]{i, f + 1, q}, x);
            }
        }
        return out;
    }

    public Shape shape() {
        return shape;
    }

    /** The frozen CNN. */
    public MultiLayerNetwork network() {
        return network;
    }

    /** The CNN as DL4J's model zip (no updater state: it is frozen). */
    byte[] toBytes() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, out, false);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads an encoder written by {@link #toBytes}; the shape is checked by a forward pass. */
    static ImageEncoder fromBytes(byte[] zip, Shape expected, String source) {
        MultiLayerNetwork net;
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), false);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": the image encoder could not be read: " + e.getMessage(),
                    e);
        }
        ImageEncoder e = probe(net, expected.channels(), expected.height(), expected.width(),
                expected.tileAccuracy());
        if (!e.shape.equals(expected)) {
            throw new IllegalArgumentException(source + ": the image encoder writes " + e.shape + " but the bundle "
                    + "says " + expected);
        }
        return e;
    }
}
