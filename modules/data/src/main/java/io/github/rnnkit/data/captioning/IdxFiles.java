package io.github.rnnkit.data.captioning;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (LeCun et al.): an image file (magic 0x00000803: unsigned
 * bytes, three dimensions: count, rows, columns) and a label file (magic 0x00000801: count, then one byte per
 * label), each plain or gzip-compressed (detected from the first bytes, not the name).
 *
 * <p>DL4J's {@code MnistDataFetcher} is not used: it downloads and checks MNIST's own archives, which would refuse
 * (or worse, accept under the wrong name) Fashion-MNIST's.
 */
public final class IdxFiles {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /** More images than any IDX set known; a larger count is a corrupt header, refused before allocating. */
    static final int MAX_IMAGES = 10_000_000;

    private IdxFiles() {
    }

    /**
     * The images of {@code images} with the labels of {@code labels}.
     *
     * @param name for messages and {@link LabelledImages#name()}
     * @throws IllegalArgumentException when a file is not IDX of the expected kind, is truncated, or the counts
     *                                  differ, naming the file
     * @throws java.nio.file.NoSuchFileException when a file is missing
     */
    public static LabelledImages read(String name, Path images, Path labels) throws IOException {
        int[] ls = readLabels(labels);
        try (DataInputStream in = open(images)) {
            int magic = header(in, images, "magic number");
            if (magic != IMAGES_MAGIC) {
                throw new IllegalArgumentException(images + ": not an IDX image file (magic 0x"
                        + String.format("%08x", magic) + ", expected 0x00000803: unsigned bytes, 3 dimensions)");
            }
            int count = header(in, images, "image count");
            int rows = header(in, images, "row count");
            int cols = header(in, images, "column count");
            if (count < 0 || count > MAX_IMAGES || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096) {
                throw new IllegalArgumentException(images + ": implausible IDX header: " + count + " images of "
                        + rows + "x" + cols + " (allowed: up to " + MAX_IMAGES + " images of up to 4096x4096)");
            }
            if (count != ls.length) {
                throw new IllegalArgumentException(images + " holds " + count + " images but " + labels + " holds "
                        + ls.length + " labels; they must pair one to one");
            }
            byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(count, rows), cols)];
            try {
                in.readFully(pixels);
            } catch (EOFException e) {
                throw new IllegalArgumentException(images + ": truncated: the header promises " + count + " images of "
                        + rows + "x" + cols + " (" + pixels.length + " bytes of pixels), the file ends before", e);
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException(images + ": bytes after the " + count + " images its header "
                        + "declares; the file is not a single IDX image set");
            }
            return new LabelledImages(name, rows, cols, pixels, ls);
        }
    }

    /** The labels of an IDX label file (values 0..255). */
    public static int[] readLabels(Path labels) throws IOException {
        try (DataInputStream in = open(labels)) {
            int magic = header(in, labels, "magic number");
            if (magic != LABELS_MAGIC) {
                throw new IllegalArgumentException(labels + ": not an IDX label file (magic 0x"
                        + String.format("%08x", magic) + ", expected 0x00000801: unsigned bytes, 1 dimension)");
            }
            int count = header(in, labels, "label count");
            if (count < 0 || count > MAX_IMAGES) {
                throw new IllegalArgumentException(labels + ": implausible label count " + count + " (allowed 0.."
                        + MAX_IMAGES + ")");
            }
            byte[] raw = new byte[count];
            try {
                in.readFully(raw);
            } catch (EOFException e) {
                throw new IllegalArgumentException(labels + ": truncated: the header promises " + count
                        + " labels, the file ends before", e);
            }
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = raw[i] & 0xff;
            }
            return out;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
    }

    private static int header(DataInputStream in, Path file, String field) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": truncated IDX header: the file ends before its " + field, e);
        }
    }
}
