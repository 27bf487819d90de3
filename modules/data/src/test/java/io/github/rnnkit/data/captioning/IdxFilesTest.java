package io.github.rnnkit.data.captioning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxFilesTest {
    @TempDir
    Path dir;

    private static byte[] idx(int magic, int[] dims, byte[] body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(body);
        return b.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(f)) : Files.newOutputStream(f)) {
            out.write(content);
        }
        return f;
    }

    @Test
    void readsPlainAndGzipFilesAlike() throws IOException {
        byte[] pixels = {0, 1, 2, 3, 4, 5, (byte) 255, 7, 8, 9, 10, 11};       // 2 images of 2x3
        for (boolean gzip : new boolean[]{false, true}) {
            Path images = write("img" + gzip, idx(0x803, new int[]{2, 2, 3}, pixels), gzip);
            Path labels = write("lab" + gzip, idx(0x801, new int[]{2}, new byte[]{4, 9}), gzip);
            LabelledImages set = IdxFiles.read("t", images, labels);
            assertEquals(2, set.size());
            assertEquals(2, set.rows());
            assertEquals(3, set.cols());
            assertArrayEquals(new int[]{4, 9}, set.labels());
            assertEquals(1f, set.pixel(1, 0, 0), 0f);          // byte 255 is unsigned
            assertEquals(11 / 255f, set.pixel(1, 1, 2), 1e-7f);
        }
    }

    @Test
    void badFilesAreRefusedNamingThem() throws IOException {
        Path labels = write("labels", idx(0x801, new int[]{2}, new byte[]{1, 2}), false);
        Path swapped = write("swapped", idx(0x801, new int[]{2}, new byte[]{1, 2}), false);
        Path truncated = write("truncated", idx(0x803, new int[]{2, 2, 2}, new byte[5]), false);
        Path tooFew = write("toofew", idx(0x803, new int[]{1, 2, 2}, new byte[4]), false);
        Path trailing = write("trailing", idx(0x803, new int[]{2, 2, 2}, new byte[9]), false);
        Path header = write("header", new byte[]{0, 0, 8}, false);
        Path huge = write("huge", idx(0x803, new int[]{Integer.MAX_VALUE, 28, 28}, new byte[0]), false);
        for (Path bad : new Path[]{swapped, truncated, tooFew, trailing, header, huge}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IdxFiles.read("t", bad, labels));
            assertTrue(e.getMessage().contains(bad.getFileName().toString()), e.getMessage());
        }
        assertThrows(NoSuchFileException.class, () -> IdxFiles.read("t", dir.resolve("missing"), labels));
    }

    /** The header limits sit exactly where the messages put them: images up to 4096 x 4096, counts from 0. */
    @Test
    void headerLimitsAreInclusive() throws IOException {
        Path noLabels = write("nolabels", idx(0x801, new int[]{0}, new byte[0]), false);
        assertEquals(0, IdxFiles.readLabels(noLabels).length);
        Path oneLabel = write("onelabel", idx(0x801, new int[]{1}, new byte[]{3}), false);
        for (int[] dims : new int[][]{{0, 4096, 4096}, {0, 1, 1}, {1, 4096, 1}, {1, 1, 4096}}) {
            Path images = write("ok", idx(0x803, dims, new byte[dims[0] * dims[1] * dims[2]]), false);
            LabelledImages set = IdxFiles.read("t", images, dims[0] == 0 ? noLabels : oneLabel);
            assertEquals(dims[0], set.size());
            assertEquals(dims[1], set.rows());
            assertEquals(dims[2], set.cols());
        }
        for (int[] dims : new int[][]{{-1, 2, 2}, {0, 0, 2}, {0, 2, 0}, {0, 4097, 2}, {0, 2, 4097},
                {IdxFiles.MAX_IMAGES + 1, 1, 1}}) {
            Path images = write("bad", idx(0x803, dims, new byte[0]), false);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IdxFiles.read("t", images, noLabels), java.util.Arrays.toString(dims));
            assertTrue(e.getMessage().contains("implausible IDX header"), e.getMessage());
        }
        for (int count : new int[]{-1, IdxFiles.MAX_IMAGES + 1}) {
            Path labels = write("badlabels", idx(0x801, new int[]{count}, new byte[0]), false);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxFiles.readLabels(labels));
            assertTrue(e.getMessage().contains("implausible label count " + count), e.getMessage());
        }
    }
}
