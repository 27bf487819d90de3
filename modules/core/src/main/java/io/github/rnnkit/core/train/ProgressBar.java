package io.github.rnnkit.core.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A terminal progress bar: epoch, batch, loss, tokens/s and ETA.
 *
 * <pre>
 * epoch 2/10 [#########-----------]  450/1000  loss 1.8423  grad 2.31  12.4k tok/s  ETA 4m12s
 * </pre>
 *
 * <p>On an interactive terminal the line is redrawn in place (carriage return) at most a few times a
 * second; otherwise (CI logs, redirected output) one line is printed every {@code plainIntervalMillis}.
 */
public final class ProgressBar implements TrainerListener {
    private static final int WIDTH = 20;

    private final PrintStream out;
    private final boolean interactive;
    private final long plainIntervalMillis;
    private int epochs;
    private long lastDraw;
    private boolean lineOpen;

    /** A bar on {@code out}, redrawn in place when a console is attached. */
    public ProgressBar(PrintStream out) {
        this(out, System.console() != null, 10_000);
    }

    /**
     * @param out                 where to draw
     * @param interactive         redraw one line in place (true) or print plain lines (false)
     * @param plainIntervalMillis in plain mode, milliseconds between lines
     */
    public ProgressBar(PrintStream out, boolean interactive, long plainIntervalMillis) {
        this.out = out;
        this.interactive = interactive;
        this.plainIntervalMillis = plainIntervalMillis;
    }

    @Override
    public void onStart(TrainingConfig config, long batchesPerEpoch, TrainingState start) {
        epochs = config.epochs();
        lastDraw = 0;
    }

    @Override
    public void onBatch(BatchReport r) {
        long now = System.currentTimeMillis();
        long interval = interactive ? 200 : plainIntervalMillis;
        boolean last = r.batchesPerEpoch() > 0 && r.batchInEpoch() == r.batchesPerEpoch();
        if (now - lastDraw < interval && !last) {
            return;
        }
        lastDraw = now;
        String line = render(r);
        if (interactive) {
            out.print("\r" + line + "\u001B[K");
            lineOpen = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The text of the bar for one report (no control characters). */
    String render(BatchReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "epoch %d/%d ", r.epoch() + 1, epochs));
        if (r.batchesPerEpoch() > 0) {
            int filled = (int) Math.min(WIDTH, r.batchInEpoch() * WIDTH / r.batchesPerEpoch());
            sb.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
            sb.append(String.format(Locale.ROOT, "%5d/%d", r.batchInEpoch(), r.batchesPerEpoch()));
        } else {
            sb.append(String.format(Locale.ROOT, "batch %d", r.batchInEpoch()));
        }
        sb.append(String.format(Locale.ROOT, "  loss %.4f", r.loss()));
        if (Double.isFinite(r.gradientNorm())) {
            sb.append(String.format(Locale.ROOT, "  grad %.2f", r.gradientNorm()));
        }
        sb.append("  ").append(rate(r.tokensPerSecond())).append(r.perSequence() ? " seq/s" : " tok/s");
        if (r.eta() != null) {
            sb.append("  ETA ").append(Trainer.formatDuration(r.eta()));
        }
        return sb.toString();
    }

    private static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    @Override
    public void onEpoch(EpochReport r) {
        closeLine();
        String val = r.metric() == null ? ""
                : String.format(Locale.ROOT, "  %s %.4f%s", r.metric(), r.validation(), r.improved() ? " *" : "");
        out.printf(Locale.ROOT, "epoch %d/%d done  loss %.4f%s  (%s)%n", r.epoch() + 1, epochs, r.meanLoss(), val,
                Trainer.formatDuration(r.elapsed()));
        out.flush();
    }

    @Override
    public void onCheckpoint(Path file, TrainingState state) {
        closeLine();
    }

    @Override
    public void onFinish(TrainingResult result) {
        closeLine();
    }

    private void closeLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }
}
