package dev.fapikit.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load driver: {@code concurrency} virtual clients, each sending its next request as soon as the previous
 * one answered, every request's latency recorded in an HdrHistogram (microseconds).
 */
final class Load {

    /** One request of virtual client {@code worker}; true when the server answered as expected. */
    @FunctionalInterface
    interface Call {
        boolean send(int worker, int index) throws Exception;
    }

    /** Latencies, the wall time of the whole batch, and how many answers were not the expected ones. */
    record Outcome(Histogram latencies, long wallNanos, long errors) {
        long count() {
            return latencies.getTotalCount();
        }

        double throughput() {
            return count() / (wallNanos / 1e9);
        }
    }

    private Load() {
    }

    static Histogram histogram() {
        return new ConcurrentHistogram(3_600_000_000L, 3);
    }

    /** Sends {@code total} requests with {@code concurrency} clients. */
    static Outcome run(int concurrency, int total, Call call) {
        AtomicInteger next = new AtomicInteger();
        return drive(concurrency, () -> {
            int i = next.getAndIncrement();
            return i < total ? i : -1;
        }, call);
    }

    /** Sends requests with {@code concurrency} clients for {@code seconds}, or until {@code max} were sent. */
    static Outcome runFor(int concurrency, double seconds, int max, Call call) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicInteger next = new AtomicInteger();
        return drive(concurrency, () -> {
            if (System.nanoTime() >= end) {
                return -1;
            }
            int i = next.getAndIncrement();
            return i < max ? i : -1;
        }, call);
    }

    private static Outcome drive(int concurrency, java.util.function.IntSupplier nextIndex, Call call) {
        Histogram h = histogram();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    for (int i = nextIndex.getAsInt(); i >= 0; i = nextIndex.getAsInt()) {
                        long t0 = System.nanoTime();
                        String failure = null;
                        try {
                            if (!call.send(worker, i)) {
                                failure = "unexpected answer";
                            }
                        } catch (Exception e) {
                            failure = String.valueOf(e.getMessage());
                        }
                        long micros = (System.nanoTime() - t0) / 1000;
                        if (failure == null) {
                            h.recordValue(Math.max(1, micros));
                        } else if (errors.incrementAndGet() <= 3) {
                            System.err.println("  error in a measured request (not counted as a sample): "
                                    + failure.substring(0, Math.min(300, failure.length())));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(h, System.nanoTime() - start, errors.get());
    }

    /** Runs {@code prepare(i)} for i in [0, n) on {@code threads} threads (untimed set-up work, e.g. obtaining codes). */
    static <T> List<T> prepare(int threads, int n, java.util.function.IntFunction<T> prepare) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> prepare.apply(index)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
