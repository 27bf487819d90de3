package io.github.rnnkit.core.layers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The copies between DL4J's [batch, features, time] arrays and the time-major buffers, element by element against
 * their definition, for every layout the copy takes its own path for: F order (batch fastest), C order (time fastest,
 * shapes that are not multiples of the 16 x 16 tiles), a view with other strides, a time-major array seen as
 * [B, F, T] (at the start of its buffer and further in), forwards and reversed, float and double.
 */
class TimeMajorTest {

    @ParameterizedTest(name = "{0} order, {1} x {2} x {3}, reverse {4}, {5}")
    @CsvSource({
            "f, 5, 19, 7, false, FLOAT", "f, 5, 19, 7, true, FLOAT",
            "c, 5, 19, 7, false, FLOAT", "c, 5, 19, 7, true, FLOAT",
            "c, 3, 40, 33, false, FLOAT", "c, 3, 40, 33, true, FLOAT",
            "c, 2, 3, 1, false, FLOAT",
            "view, 4, 9, 21, false, FLOAT", "view, 4, 9, 21, true, FLOAT",
            "c, 5, 19, 7, true, DOUBLE", "f, 5, 19, 7, false, DOUBLE",
            "timeMajor, 5, 19, 7, false, FLOAT", "timeMajor, 5, 19, 7, true, FLOAT",
            "timeMajor, 1, 6, 4, false, FLOAT", "timeMajor, 4, 9, 21, true, DOUBLE",
            "timeMajorAtOffset, 3, 8, 5, false, FLOAT", "timeMajorAtOffset, 3, 8, 5, true, DOUBLE"})
    void gatherAndScatterFollowTheirDefinition(String layout, int batch, int features, int steps, boolean reverse,
                                               DataType type) {
        INDArray src = array(layout, batch, features, steps, type);
        INDArray dense = Nd4j.create(type, (long) batch * features * steps + 3);
        TimeMajor.gather(src, dense, reverse);
        for (int b = 0; b < batch; b++) {
            for (int f = 0; f < features; f++) {
                for (int t = 0; t < steps; t++) {
                    int tt = reverse ? steps - 1 - t : t;
                    assertEquals(src.getDouble(b, f, t), dense.getDouble(((long) tt * batch + b) * features + f),
                            "gather: example " + b + ", feature " + f + ", step " + t);
                }
            }
        }
        INDArray back = array(layout, batch, features, steps, type).assign(0);
        TimeMajor.scatter(dense, 0, back, reverse);
        assertEquals(0.0, back.sub(src).amaxNumber().doubleValue(), 0.0, "scatter is gather's inverse");
    }

    private static INDArray array(String layout, int batch, int features, int steps, DataType type) {
        INDArray values = Nd4j.rand(type, batch, features, steps);
        return switch (layout) {
            case "f" -> values.dup('f');
            case "c" -> values.dup('c');
            // [T, B, F] in C order seen as [B, F, T]: the fast layers' outputs and input gradients (bulk copies)
            case "timeMajor" -> Nd4j.create(type, steps, batch, features).permute(1, 2, 0).assign(values);
            case "timeMajorAtOffset" -> Nd4j.create(type, steps + 1, batch, features)
                    .get(NDArrayIndex.interval(1, steps + 1), NDArrayIndex.all(), NDArrayIndex.all())
                    .permute(1, 2, 0).assign(values);
            default -> {                                // a view into a larger C-order array: no unit stride anywhere
                INDArray big = Nd4j.rand(type, batch + 1, features + 2, steps * 2).dup('c');
                INDArray view = big.get(NDArrayIndex.interval(1, batch + 1), NDArrayIndex.interval(2, features + 2),
                        NDArrayIndex.interval(0, 2, steps * 2));
                view.assign(values);
                yield view;
            }
        };
    }
}
