/**
 * Benchmarks, each measured beside its peers in one run (../shared/BENCHMARKS.md).
 *
 * <ul>
 *   <li>Accuracy: {@link io.github.rnnkit.bench.CharLmBenchmark} with {@link io.github.rnnkit.bench.Compressors}.</li>
 *   <li>Memory: {@link io.github.rnnkit.bench.MemoryBenchmark}, {@link io.github.rnnkit.bench.MemoryProbe}.</li>
 *   <li>Throughput: {@link io.github.rnnkit.bench.StepBenchmark}, {@link io.github.rnnkit.bench.BackendMain}.</li>
 *   <li>Reporting: {@link io.github.rnnkit.bench.Stats}.</li>
 * </ul>
 */
package io.github.rnnkit.bench;
