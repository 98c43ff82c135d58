package dev.fapikit.it;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Asks the server again and again (Awaitility, never a fixed sleep) until its answer is the one the test waits for, and
 * hands that answer to the test's own assertions. At the deadline it returns the last answer instead of throwing, so the
 * assertion that follows says what the server answered (a token response body, an error code), not only that time ran
 * out.
 */
public final class Polling {

    private Polling() {
    }

    /**
     * Calls {@code call} at once and then every {@code interval} until {@code done} accepts its result, for at most
     * {@code atMost}; returns the accepted result, or the last one when the deadline passed.
     */
    public static <T> T until(Duration atMost, Duration interval, Callable<T> call, Predicate<? super T> done) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            return Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(interval)
                    .until(() -> {
                        T answer = call.call();
                        last.set(answer);
                        return answer;
                    }, done::test);
        } catch (ConditionTimeoutException timeout) {
            if (last.get() == null) throw timeout; // not a single answer within the deadline
            return last.get();
        }
    }
}
