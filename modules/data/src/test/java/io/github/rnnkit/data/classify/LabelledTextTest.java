package io.github.rnnkit.data.classify;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelledTextTest {
    @Test
    void aBlankLabelIsRefusedWithTheOrigin() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LabelledText("text", " ", "reviews.csv:17"));
        assertTrue(e.getMessage().contains("label must not be blank") && e.getMessage().contains("reviews.csv:17"),
                e.getMessage());
    }

    @Test
    void nullFieldsAreRefusedByName() {
        assertEquals("text must not be null", assertThrows(IllegalArgumentException.class,
                () -> new LabelledText(null, "pos", "x")).getMessage());
        assertEquals("origin must not be null", assertThrows(IllegalArgumentException.class,
                () -> new LabelledText("t", "pos", null)).getMessage());
    }
}
