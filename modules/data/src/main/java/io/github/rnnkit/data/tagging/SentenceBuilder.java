package io.github.rnnkit.data.tagging;

import io.github.rnnkit.data.brown.TaggedSentence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the tokens of one file into sentences, for the readers of this package. */
final class SentenceBuilder {
    private final Path file;
    private final String source;
    private final List<TaggedSentence> sentences = new ArrayList<>();
    private final List<String> words = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private int firstLine;
    private long tokens;

    /** Sentences of {@code file}; each takes the file's name as its source. */
    SentenceBuilder(Path file) {
        this.file = file;
        this.source = String.valueOf(file.getFileName());
    }

    /** Adds a token to the current sentence, starting one if none is open. */
    void add(String word, String tag, int line) {
        if (words.isEmpty()) {
            firstLine = line;
        }
        words.add(word);
        tags.add(tag);
        tokens++;
    }

    /** Whether a sentence is open (has tokens). */
    boolean inSentence() {
        return !words.isEmpty();
    }

    /** Tokens of the open sentence so far. */
    int sentenceLength() {
        return words.size();
    }

    /** Closes the open sentence, if any. */
    void endSentence() {
        if (words.isEmpty()) {
            return;
        }
        sentences.add(new TaggedSentence(source, firstLine, words, tags));
        words.clear();
        tags.clear();
    }

    /**
     * Closes the last sentence (a file need not end in a blank line) and returns them all.
     *
     * @param expected the layout the file should have, for the message when it holds no sentence
     * @throws IllegalArgumentException when the file holds no sentence
     */
    List<TaggedSentence> finish(String expected) {
        endSentence();
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no sentences; expected " + expected);
        }
        return List.copyOf(sentences);
    }

    long tokens() {
        return tokens;
    }
}
