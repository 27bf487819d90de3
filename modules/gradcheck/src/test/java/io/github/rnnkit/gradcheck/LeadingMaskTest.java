package io.github.rnnkit.gradcheck;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Masked steps must not influence the outputs at valid steps. Trailing padding never can; leading padding
 * (what the reversed direction of a Bidirectional layer sees) can, if the layer lets masked steps into its
 * state. Pinned at M2.1: DL4J's SimpleRnn and all of rnnkit's layers are unaffected; DL4J's LSTM is not.
 */
class LeadingMaskTest {
    private static final CheckOptions O = CheckOptions.defaults();

    /** Max change of the outputs at valid steps when only the values at masked steps change. */
    static double paddingInfluence(RecurrentCell cell, RecurrentImpl impl, INDArray mask) {
        ReferenceCell ref = ReferenceCell.random(cell, O, 3);
        MultiLayerNetwork net = GradientCheckSuite.network(ref.layer(impl, O.inputs(), O.hidden()), O, 0);
        ref.copyInto(net);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, O.inputs(), O.steps());
        INDArray changed = x.dup();
        for (int t = 0; t < O.steps(); t++) {
            if (mask.getDouble(0, t) == 0) {
                for (int d = 0; d < O.inputs(); d++) {
                    changed.putScalar(0, d, t, 5.0);
                }
            }
        }
        INDArray valid = mask.reshape(1, 1, O.steps());
        return net.output(x, false, mask, mask).sub(net.output(changed, false, mask, mask)).mul(valid)
                .amaxNumber().doubleValue();
    }

    @Test
    void trailingPaddingNeverReachesValidSteps() {
        INDArray trailing = Nd4j.create(new double[][]{{1, 1, 1, 1, 1, 0, 0, 0}});
        for (RecurrentCell cell : RecurrentCell.values()) {
            for (RecurrentImpl impl : ReferenceCell.random(cell, O, 3).impls()) {
                assertEquals(0.0, paddingInfluence(cell, impl, trailing), 0.0, cell + " " + impl);
            }
        }
    }

    @Test
    void leadingPaddingReachesDl4jsLstmButNoOtherLayer() {
        INDArray leading = Nd4j.create(new double[][]{{0, 0, 0, 1, 1, 1, 1, 1}});
        for (RecurrentCell cell : RecurrentCell.values()) {
            assertEquals(0.0, paddingInfluence(cell, RecurrentImpl.RNNKIT, leading), 0.0, "rnnkit " + cell);
        }
        assertEquals(0.0, paddingInfluence(RecurrentCell.SIMPLE_RNN, RecurrentImpl.DL4J, leading), 0.0);
        double lstm = paddingInfluence(RecurrentCell.LSTM, RecurrentImpl.DL4J, leading);
        assertTrue(lstm > 1e-4, "DL4J's LSTM no longer lets leading masked steps into its state (" + lstm
                + "): the defect is fixed; update docs/gradcheck.md and check Bidirectional(LSTM) under masks");
    }
}
