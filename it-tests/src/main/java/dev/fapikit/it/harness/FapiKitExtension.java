package dev.fapikit.it.harness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the shared {@link FapiKit} on first use and stops it when the test JVM's root context closes. A server that
 * failed to start is not started again for every test: the first failure is reported to all of them.
 */
public final class FapiKitExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FapiKitExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FapiKit.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Started started = context.getRoot().getStore(NS).getOrComputeIfAbsent(Started.class, k -> Started.start(), Started.class);
        if (started.failure != null) {
            throw new IllegalStateException("the FAPI Kit test server did not start", started.failure);
        }
        return started.kit;
    }

    private record Started(FapiKit kit, RuntimeException failure) implements AutoCloseable {
        static Started start() {
            try {
                return new Started(FapiKit.startShared(), null);
            } catch (RuntimeException e) {
                return new Started(null, e);
            }
        }

        @Override
        public void close() {
            if (kit != null) {
                kit.close();
            }
        }
    }
}
