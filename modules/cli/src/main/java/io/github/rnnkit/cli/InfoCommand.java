package io.github.rnnkit.cli;

import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.bundle.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code rnnkit info BUNDLE}: what a bundle holds and where it came from. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show a model bundle's preset, provenance and config.")
final class InfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a model bundle")
    Path bundle;

    @Override
    public Integer call() throws Exception {
        ModelBundle b = ModelBundle.load(bundle);
        Provenance p = b.provenance();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("bundle:      %s%n", bundle.toAbsolutePath());
        out.printf("preset:      %s%n", p.preset());
        if (b.network() == null) {
            out.printf("network:     none (the model is in the artifacts: %s)%n", String.join(", ", b.artifacts().keySet()));
        } else {
            out.printf("network:     %s, %,d parameters%n", b.network().getClass().getSimpleName(), b.network().numParams());
        }
        out.printf("trained on:  %s (sha256 %s)%n", p.datasetName(), p.datasetSha256());
        out.printf("trained in:  %s%n", p.trainedOn() == null ? "one JVM" : p.trainedOn());
        out.printf("seed:        %d%n", p.seed());
        out.printf("versions:    rnnkit %s, DL4J %s, backend %s, Java %s%n", p.rnnkitVersion(), p.dl4jVersion(),
                p.backend(), p.javaVersion());
        out.printf("written:     %s%n", p.createdAt());
        b.trainingState().ifPresent(s -> out.printf("checkpoint:  epoch %d, batch %d, iteration %d%n", s.epoch() + 1,
                s.batchInEpoch(), s.iteration()));
        out.printf("artifacts:   %s%n", b.artifacts().keySet());
        out.printf("config:%n%s%n", b.configJson());
        return 0;
    }
}
