package io.github.rnnkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code rnnkit train PRESET ...}: one subcommand per preset. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a preset. Presets: charlm, sentiment, tagger, seq2seq, captioner, forecaster, sequence-classifier.",
        subcommands = {TrainCharLmCommand.class, TrainSentimentCommand.class, TrainTaggerCommand.class,
                TrainSeq2SeqCommand.class, TrainCaptionerCommand.class, TrainForecasterCommand.class,
                TrainSequenceClassifierCommand.class})
final class TrainCommand implements Runnable {
    static final List<String> PRESETS = List.of("charlm", "sentiment", "tagger", "seq2seq", "captioner", "forecaster", "sequence-classifier");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "0..1", paramLabel = "PRESET", hidden = true)
    String unknownPreset;

    @Override
    public void run() {
        if (unknownPreset != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown preset '" + unknownPreset
                    + "'; available presets: " + String.join(", ", PRESETS));
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "missing preset; available presets: "
                + String.join(", ", PRESETS));
    }
}
