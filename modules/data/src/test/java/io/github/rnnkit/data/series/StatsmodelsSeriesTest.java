package io.github.rnnkit.data.series;

import io.github.rnnkit.data.store.DatasetStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the real statsmodels package (fetched into the default cache on first use). */
class StatsmodelsSeriesTest {
    private static DatasetStore store;

    @BeforeAll
    static void store() {
        store = DatasetStore.defaultStore();
    }

    @Test
    void co2HasItsWeeksAndItsGapsAreInterpolated() throws IOException {
        NumericSeries co2 = StatsmodelsSeries.CO2.read(store);
        assertEquals(2284, co2.length());
        assertEquals(59, co2.imputed());
        assertEquals(52, co2.season());
        assertEquals(316.1, co2.rows()[0][0], 1e-9);
        for (double[] r : co2.rows()) {
            assertTrue(r[0] > 310 && r[0] < 380, "co2 " + r[0]);
        }
    }

    @Test
    void theOtherSeriesHaveTheirPublishedLengths() throws IOException {
        assertEquals(309, StatsmodelsSeries.SUNSPOTS.read(store).length());
        assertEquals(100, StatsmodelsSeries.NILE.read(store).length());
        assertEquals(257, StatsmodelsSeries.ELEC_EQUIP.read(store).length());
        NumericSeries elnino = StatsmodelsSeries.ELNINO.read(store);
        assertEquals(61 * 12, elnino.length());
        assertEquals(23.11, elnino.rows()[0][0], 1e-9);    // January 1950
        assertEquals(24.19, elnino.rows()[12][0], 1e-9);   // January 1951
        assertEquals(StatsmodelsSeries.ELEC_EQUIP, StatsmodelsSeries.byId("elec-equip"));
        assertThrows(IllegalArgumentException.class, () -> StatsmodelsSeries.byId("airline"));
    }
}
