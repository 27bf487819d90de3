package io.github.rnnkit.data.series;

import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.store.KnownDataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The real series that Debian's {@code python3-statsmodels} ships as CSV files, fetched and verified through
 * {@link DatasetStore} ({@link KnownDataset#STATSMODELS}).
 */
public enum StatsmodelsSeries {
    /** Weekly Mauna Loa CO2 (ppm) from 1958-03-29, 2,284 weeks; its 59 gaps are interpolated (and counted). */
    CO2("co2", "co2/co2.csv", "co2", 52),
    /** Yearly sunspot activity 1700-2008, 309 years; the solar cycle is about 11 years. */
    SUNSPOTS("sunspots", "sunspots/sunspots.csv", "SUNACTIVITY", 11),
    /** Yearly flow volume of the Nile at Aswan 1871-1970, 100 years. */
    NILE("nile", "nile/nile.csv", "volume", 1),
    /** Monthly sea surface temperature (El Nino region) 1950-2010: the wide year x month table read month by month. */
    ELNINO("elnino", "elnino/elnino.csv", null, 12),
    /** Monthly index of electrical equipment orders (euro area) 1995-2016, 257 months. */
    ELEC_EQUIP("elec_equip", "elec_equip/elec_equip.csv", "STS.M.I7.W.TOVT.NS0016.4.000", 12);

    private static final String DATASETS = "usr/lib/python3/dist-packages/statsmodels/datasets/";

    private final String id;
    private final String file;
    private final String column;
    private final int season;

    StatsmodelsSeries(String id, String file, String column, int season) {
        this.id = id;
        this.file = file;
        this.column = column;
        this.season = season;
    }

    public String id() {
        return id;
    }

    /** The seasonal period in steps used for seasonal-naive baselines and MASE. */
    public int season() {
        return season;
    }

    /** By id, case-insensitive ({@code co2}, {@code sunspots}, {@code nile}, {@code elnino}, {@code elec_equip}). */
    public static StatsmodelsSeries byId(String id) {
        for (StatsmodelsSeries s : values()) {
            if (s.id.equalsIgnoreCase(id) || s.name().equalsIgnoreCase(id.replace('-', '_'))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown statsmodels series '" + id + "'; known: "
                + java.util.Arrays.stream(values()).map(StatsmodelsSeries::id).toList());
    }

    /** The CSV file inside an unpacked package root. */
    public Path file(Path packageRoot) {
        return packageRoot.resolve(DATASETS + file);
    }

    /** Fetches the package if needed and reads the series: one column, named after the dataset. */
    public NumericSeries read(DatasetStore store) throws IOException {
        return read(store.fetch(KnownDataset.STATSMODELS));
    }

    /** Reads the series from an unpacked {@code python3-statsmodels} package root. */
    public NumericSeries read(Path packageRoot) throws IOException {
        Path csv = file(packageRoot);
        String origin = KnownDataset.STATSMODELS.spec() + " " + DATASETS + file;
        if (column == null) {
            NumericSeries wide = SeriesCsv.read(csv, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
                    "SEP", "OCT", "NOV", "DEC"), MissingValues.REFUSE, ',');
            double[][] rows = new double[wide.length() * 12][1];
            for (int y = 0; y < wide.length(); y++) {
                for (int m = 0; m < 12; m++) {
                    rows[y * 12 + m][0] = wide.rows()[y][m];
                }
            }
            return new NumericSeries(id, List.of("sst"), rows, origin, wide.sha256(), season, 0);
        }
        NumericSeries s = SeriesCsv.read(csv, List.of(column), MissingValues.INTERPOLATE, ',');
        return new NumericSeries(id, List.of(id.toLowerCase(Locale.ROOT)), s.rows(), origin, s.sha256(), season,
                s.imputed());
    }
}
