package dev.fapikit.tools.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each micro-benchmark's set-up and one call of each of its {@code @Benchmark} methods, for every {@code @Param} value,
 * outside JMH: a refactoring that breaks a benchmark (a stand-in no longer answering what the code reads, a profile
 * without the executor) fails the build. Nothing here is timed.
 */
class MicroBenchmarksTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {ExecutorBenchmark.class, MtlsAuthenticatorBenchmark.class, SignatureVerifierBenchmark.class,
            SigningBenchmark.class})
    @DisplayName("Every benchmark method runs once after its set-up, for every parameter value")
    void everyBenchmarkRunsOnce(Class<?> benchmark) throws Exception {
        List<Method> methods = Arrays.stream(benchmark.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class))
                .sorted(Comparator.comparing(Method::getName)).toList();
        assertThat(methods).isNotEmpty();
        int calls = 0;
        for (Method method : methods) {
            // a method that takes a state gets a prepared one; one without runs on the benchmark, its own state
            Class<?> state = method.getParameterCount() == 1 ? method.getParameterTypes()[0] : benchmark;
            for (String value : paramValues(state)) {
                Object prepared = prepare(state.getDeclaredConstructor().newInstance(), value);
                if (method.getParameterCount() == 1) {
                    method.invoke(benchmark.getDeclaredConstructor().newInstance(), prepared);
                } else {
                    method.invoke(prepared);
                }
                calls++;
            }
        }
        assertThat(calls).isGreaterThanOrEqualTo(methods.size());
    }

    /** The values of the state's {@code @Param} field (at most one per state here); one {@code null} without. */
    private static List<String> paramValues(Class<?> state) {
        return Arrays.stream(state.getFields()).filter(f -> f.isAnnotationPresent(Param.class)).findFirst()
                .map(f -> List.of(f.getAnnotation(Param.class).value())).orElse(Collections.singletonList(null));
    }

    /** Sets the (single) {@code @Param} field and calls the {@code @Setup} methods, as JMH does. */
    private static Object prepare(Object state, String paramValue) throws Exception {
        for (Field f : state.getClass().getFields()) {
            if (f.isAnnotationPresent(Param.class) && paramValue != null) {
                f.set(state, paramValue);
            }
        }
        for (Method m : state.getClass().getMethods()) {
            if (m.isAnnotationPresent(Setup.class) && !Modifier.isStatic(m.getModifiers())) {
                m.invoke(state);
            }
        }
        return state;
    }
}
