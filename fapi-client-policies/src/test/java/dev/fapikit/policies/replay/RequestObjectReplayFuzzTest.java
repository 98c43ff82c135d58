package dev.fapikit.policies.replay;

import static dev.fapikit.core.fuzz.Invariant.check;
import static dev.fapikit.policies.replay.RequestObjectReplayExecutor.key;
import static dev.fapikit.policies.replay.RequestObjectReplayExecutor.lifespan;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Request-object claim checks of fapi-kit-request-object-replay: the {@code exp} claim (any JSON a client signs) decides
 * how long a {@code jti} is remembered, and the {@code jti} becomes a store key. For any claims: the lifespan is between
 * 1 second and the configured maximum, the key is a fixed-size hash that never contains the raw jti, and both are the
 * same twice; different jtis give different keys.
 */
class RequestObjectReplayFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "fapi-kit.request-object-jti.";

    @FuzzTest(maxDuration = "30s")
    void lifespanIsBoundedAndKeyIsAHash(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 86_400);
        long now = data.consumeLong(0, 4_102_444_800L);
        String jti = data.consumeString(200);
        String claims = data.consumeRemainingAsString();
        JsonNode exp;
        try {
            JsonNode parsed = JSON.readTree(claims);
            exp = parsed == null ? null : parsed.has("exp") ? parsed.get("exp") : parsed;
        } catch (java.io.IOException notJson) {
            return; // Keycloak refuses a request object whose payload is not JSON before the executor runs
        }
        long lifespan = lifespan(exp, now, max);
        check(lifespan >= 1 && lifespan <= max, "lifespan in 1.." + max, claims);
        check(lifespan == lifespan(exp, now, max), "same lifespan twice", claims);

        String key = key("realm-id", "client-a", jti);
        check(key.equals(key("realm-id", "client-a", jti)), "same key twice", jti);
        check(key.startsWith(PREFIX) && key.length() == PREFIX.length() + 43, "prefix and a SHA-256 in base64url", jti);
        check(jti.length() < 8 || !key.substring(PREFIX.length()).contains(jti), "raw jti not in the key", jti);
        check(!key.equals(key("realm-id", "client-a", jti + "x")), "another jti, another key", jti);
        check(!key.equals(key("realm-id", "client-b", jti)), "another client, another key", jti);
    }
}
