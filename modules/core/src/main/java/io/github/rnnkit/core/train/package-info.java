/**
 * The fit loop every preset shares.
 *
 * <ul>
 *   <li>Configuration: {@link io.github.rnnkit.core.train.TrainingConfig}, {@link io.github.rnnkit.core.train.Optimizer}.</li>
 *   <li>The loop: {@link io.github.rnnkit.core.train.Trainer} over a {@link io.github.rnnkit.core.train.BatchSource}
 *       and a {@link io.github.rnnkit.core.train.TrainableNetwork}, with a {@link io.github.rnnkit.core.train.Validation},
 *       a {@link io.github.rnnkit.core.train.Checkpointer} and a resumable {@link io.github.rnnkit.core.train.TrainingState}.</li>
 *   <li>Listeners: {@link io.github.rnnkit.core.train.ProgressBar}, {@link io.github.rnnkit.core.train.MetricsLog};
 *       DL4J-level: {@link io.github.rnnkit.core.train.GlobalNormClipping}.</li>
 *   <li>Outcomes: {@link io.github.rnnkit.core.train.TrainingResult}, {@link io.github.rnnkit.core.train.StopReason},
 *       {@link io.github.rnnkit.core.train.TrainingDivergedException}.</li>
 * </ul>
 */
package io.github.rnnkit.core.train;
