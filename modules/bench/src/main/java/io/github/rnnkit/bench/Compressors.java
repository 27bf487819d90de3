package io.github.rnnkit.bench;

import io.github.rnnkit.data.text.TextRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * General-purpose compressors as character models: the cost of a text's tail given its head is
 * compressed(head + tail) - compressed(head), in bits per tail character (../shared/BENCHMARKS.md).
 */
public final class Compressors {
    private static final Logger log = LoggerFactory.getLogger(Compressors.class);

    /** A compressor: its name, the Debian package that ships it, and its command line (input file last). */
    public enum Tool {
        PPMD("PPMd order 8 (7z)", "p7zip-full", "7z"),
        BZIP2("bzip2 -9", "bzip2", "bzip2"),
        XZ("xz -9e", "xz-utils", "xz"),
        ZSTD("zstd -19", "zstd", "zstd");

        final String label;
        final String debianPackage;
        final String executable;

        Tool(String label, String debianPackage, String executable) {
            this.label = label;
            this.debianPackage = debianPackage;
            this.executable = executable;
        }

        public String label() {
            return label;
        }

        public String debianPackage() {
            return debianPackage;
        }

        List<String> command(Path input, Path output) {
            return switch (this) {
                case PPMD -> List.of("7z", "a", "-bd", "-bso0", "-m0=PPMd:o=8:mem=256m", output + ".7z", input.toString());
                case BZIP2 -> List.of("sh", "-c", "bzip2 -9 -c \"$0\" > \"$1\"", input.toString(), output.toString());
                case XZ -> List.of("sh", "-c", "xz -9e -T1 -c \"$0\" > \"$1\"", input.toString(), output.toString());
                case ZSTD -> List.of("zstd", "-q", "-19", "--single-thread", "-f", input.toString(), "-o", output.toString());
            };
        }

        Path outputFile(Path output) {
            return this == PPMD ? Path.of(output + ".7z") : output;
        }
    }

    /**
     * One compressor's result.
     *
     * @param tool      the compressor
     * @param bpc       bits per character of the tail given the head; NaN when the tool is missing
     * @param seconds   wall time of both compressions
     * @param available whether the tool was found
     */
    public record Result(Tool tool, double bpc, double seconds, boolean available) {
    }

    private Compressors() {
    }

    /** Whether an executable is on the PATH. */
    static boolean onPath(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Measures every tool on {@code tail} given everything before it in the same file.
     *
     * @param work a scratch directory
     */
    public static List<Result> measure(TextRegion tail, Path work) throws IOException {
        Path head = work.resolve("head.txt");
        Path all = work.resolve("all.txt");
        copyBytes(tail.file(), 0, tail.startByte(), head);
        copyBytes(tail.file(), 0, tail.endByte(), all);
        List<Result> results = new ArrayList<>();
        for (Tool tool : Tool.values()) {
            if (!onPath(tool.executable)) {
                log.warn("{} is not installed (Debian package {}); skipped", tool.executable, tool.debianPackage);
                results.add(new Result(tool, Double.NaN, 0, false));
                continue;
            }
            long t0 = System.nanoTime();
            long headSize = compressedSize(tool, head, work.resolve("head.out"));
            long allSize = compressedSize(tool, all, work.resolve("all.out"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            results.add(new Result(tool, 8.0 * (allSize - headSize) / tail.chars(), seconds, true));
        }
        return results;
    }

    private static long compressedSize(Tool tool, Path input, Path output) throws IOException {
        Files.deleteIfExists(tool.outputFile(output));
        Process p = new ProcessBuilder(tool.command(input, output)).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes());
        }
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(tool.executable + " failed on " + input + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return Files.size(tool.outputFile(output));
    }

    static void copyBytes(Path from, long start, long end, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             OutputStream out = Files.newOutputStream(to)) {
            in.transferTo(start, end - start, Channels.newChannel(out));
        }
    }
}
