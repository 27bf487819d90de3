/**
 * The {@code rnnkit} command: {@link io.github.rnnkit.cli.RnnkitCli} and one class per subcommand
 * (train, evaluate, generate, data, info, bench). The only library module with a logging binding.
 */
package io.github.rnnkit.cli;
