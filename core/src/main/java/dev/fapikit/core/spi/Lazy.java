package dev.fapikit.core.spi;

import java.util.function.Supplier;

/**
 * A value a provider factory makes once, on first use, and shares: the first caller makes it, later and concurrent
 * callers get the same one.
 *
 * @param <T> the value
 */
public final class Lazy<T> {

    private volatile T value;

    /** @return the value, made by {@code make} if it does not exist yet */
    public T get(Supplier<T> make) {
        T v = value;
        if (v == null) {
            synchronized (this) {
                if (value == null) {
                    value = make.get();
                }
                v = value;
            }
        }
        return v;
    }

    /** @return the value, or {@code null} when nothing asked for it yet */
    public T peek() {
        return value;
    }
}
