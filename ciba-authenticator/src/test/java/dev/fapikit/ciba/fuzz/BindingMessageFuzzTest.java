package dev.fapikit.ciba.fuzz;

import static dev.fapikit.core.fuzz.Invariant.check;

import java.util.Objects;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.fapikit.ciba.endpoint.BindingMessage;

/**
 * CIBA Core 1.0 §7.1 binding_message is client input shown to the user. For any text: the check answers (no exception),
 * answers the same twice, and what it accepts is non-blank, within the length and free of characters that could hide or
 * reorder what the user reads.
 */
class BindingMessageFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void acceptsOnlyShortPrintableText(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 200);
        String message = data.consumeRemainingAsString();
        String problem = BindingMessage.problem(message, max);
        check(Objects.equals(problem, BindingMessage.problem(message, max)), "same answer twice", message);
        if (problem != null) {
            check(problem.startsWith("binding_message "), "a refusal names the parameter", problem);
            return;
        }
        check(!message.isBlank(), "accepted message is not blank", message);
        check(message.codePointCount(0, message.length()) <= max, "accepted message is within " + max, message);
        message.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            check(cp == ' ' || !Character.isWhitespace(cp), "no whitespace but the space", message);
            check(type != Character.CONTROL && type != Character.SURROGATE && type != Character.UNASSIGNED
                    && type != Character.PRIVATE_USE && type != Character.LINE_SEPARATOR
                    && type != Character.PARAGRAPH_SEPARATOR, "no control, lone surrogate, unassigned or private-use character", message);
            check(!(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069), "no bidirectional override", message);
        });
    }
}
