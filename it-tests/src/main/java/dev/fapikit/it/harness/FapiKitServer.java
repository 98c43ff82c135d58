package dev.fapikit.it.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against the shared FAPI Kit server: one real Keycloak node started once per test JVM, with the
 * bundle installed and the demo realms imported. Test methods and {@code @BeforeAll} methods take a {@link FapiKit}
 * parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(FapiKitExtension.class)
public @interface FapiKitServer {
}
