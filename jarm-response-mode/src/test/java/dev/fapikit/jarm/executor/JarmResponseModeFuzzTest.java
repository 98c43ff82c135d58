package dev.fapikit.jarm.executor;

import static dev.fapikit.core.fuzz.Invariant.check;

import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.keycloak.protocol.oidc.utils.OIDCResponseMode;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;

/**
 * JARM §2.3 response-mode handling over client input ({@code response_mode}, {@code response_type}). For any input:
 * no exception, the same answer twice, only the four JARM modes count as JWT modes, and the JWT counterpart of any
 * requested mode is a JARM mode on the same channel. The {@code Accept} header of RFC 9701 §4 introspection is fuzzed
 * next to its negotiation, in {@code IntrospectionResponseFormatFuzzTest}.
 */
class JarmResponseModeFuzzTest {

    private static final Set<String> JARM = Set.of("jwt", "query.jwt", "fragment.jwt", "form_post.jwt");
    private static final String[] RESPONSE_TYPES = {"code", "code id_token", "id_token", "token", "code token", "none", "id_token token"};

    @FuzzTest(maxDuration = "30s")
    void responseModesMapToJarmModes(FuzzedDataProvider data) {
        OIDCResponseType responseType;
        String typeParam = data.consumeBoolean() ? data.pickValue(RESPONSE_TYPES) : data.consumeString(40);
        try {
            responseType = OIDCResponseType.parse(typeParam);
        } catch (IllegalArgumentException | IllegalStateException refusedByKeycloak) {
            return; // Keycloak answers unsupported_response_type before the JARM executors run
        }
        String mode = data.consumeBoolean() ? null : data.consumeRemainingAsString();
        boolean jwt = JarmResponseModes.isJwt(mode);
        check(jwt == (mode != null && JARM.contains(mode)), "only the JARM modes are JWT modes", mode);
        OIDCResponseMode counterpart = JarmResponseModes.jwtCounterpart(mode, responseType);
        check(counterpart != null && JARM.contains(counterpart.value()), "the counterpart is a JARM mode", mode);
        check(counterpart == JarmResponseModes.jwtCounterpart(mode, responseType), "same counterpart twice", mode);
        if ("query".equals(mode) || "fragment".equals(mode) || "form_post".equals(mode)) {
            check(counterpart.value().equals(mode + ".jwt"), "same channel as a JWT", mode);
        }
    }
}
