package dev.fapikit.jarm.fuzz;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls the package-private matchers of {@code dev.fapikit.jarm} from the fuzz package, unchanged: an exception
 * the matcher throws is rethrown as itself so the fuzz target sees exactly what the authenticator would.
 */
final class Internals {

    private Internals() {
    }

    static Method method(String className, String name, Class<?>... parameterTypes) {
        try {
            Method m = Class.forName(className).getDeclaredMethod(name, parameterTypes);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fuzz target moved: " + className + "#" + name, e);
        }
    }

    static Object call(Method method, Object target, Object... args) throws Exception {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    static void check(boolean holds, String invariant, Object input) {
        if (!holds) {
            throw new AssertionError(invariant + " — input: " + input);
        }
    }
}
