package dev.fapikit.jarm.fuzz;

import static dev.fapikit.jarm.fuzz.Internals.call;
import static dev.fapikit.jarm.fuzz.Internals.check;
import static dev.fapikit.jarm.fuzz.Internals.method;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.MediaType;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.keycloak.protocol.oidc.utils.OIDCResponseMode;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;

/**
 * JARM §2.3 response-mode handling and RFC 9701 §4 introspection content negotiation over client input
 * ({@code response_mode}, {@code response_type}, {@code Accept}). For any input: no exception, the same answer twice,
 * only the four JARM modes count as JWT modes, the JWT counterpart of any requested mode is a JARM mode on the same
 * channel, and a signed introspection response is chosen only when the client accepts
 * {@code application/token-introspection+jwt} with a non-zero quality.
 */
class JarmResponseModeFuzzTest {

    private static final Set<String> JARM = Set.of("jwt", "query.jwt", "fragment.jwt", "form_post.jwt");
    private static final Method IS_JWT = method("dev.fapikit.jarm.executor.JarmResponseModes", "isJwt", String.class);
    private static final Method COUNTERPART = method("dev.fapikit.jarm.executor.JarmResponseModes", "jwtCounterpart",
            String.class, OIDCResponseType.class);
    private static final Method NEGOTIATE = method("dev.fapikit.jarm.introspection.IntrospectionResponseFormat", "negotiate", List.class);
    private static final String[] RESPONSE_TYPES = {"code", "code id_token", "id_token", "token", "code token", "none", "id_token token"};

    @FuzzTest(maxDuration = "30s")
    void responseModesMapToJarmModes(FuzzedDataProvider data) throws Exception {
        OIDCResponseType responseType;
        String typeParam = data.consumeBoolean() ? data.pickValue(RESPONSE_TYPES) : data.consumeString(40);
        try {
            responseType = OIDCResponseType.parse(typeParam);
        } catch (IllegalArgumentException | IllegalStateException refusedByKeycloak) {
            return; // Keycloak answers unsupported_response_type before the JARM executors run
        }
        String mode = data.consumeBoolean() ? null : data.consumeRemainingAsString();
        boolean jwt = (Boolean) call(IS_JWT, null, mode);
        check(jwt == (mode != null && JARM.contains(mode)), "only the JARM modes are JWT modes", mode);
        OIDCResponseMode counterpart = (OIDCResponseMode) call(COUNTERPART, null, mode, responseType);
        check(counterpart != null && JARM.contains(counterpart.value()), "the counterpart is a JARM mode", mode);
        check(counterpart == call(COUNTERPART, null, mode, responseType), "same counterpart twice", mode);
        if ("query".equals(mode) || "fragment".equals(mode) || "form_post".equals(mode)) {
            check(counterpart.value().equals(mode + ".jwt"), "same channel as a JWT", mode);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void introspectionFormatFollowsTheAcceptHeader(FuzzedDataProvider data) throws Exception {
        List<MediaType> accept = new ArrayList<>();
        int n = data.consumeInt(0, 5);
        boolean acceptsJwt = false;
        for (int i = 0; i < n; i++) {
            String type = data.consumeBoolean() ? data.pickValue(new String[] {"application", "*", "text"}) : data.consumeString(20);
            String subtype = data.consumeBoolean()
                    ? data.pickValue(new String[] {"token-introspection+jwt", "json", "*", "jwt"}) : data.consumeString(30);
            String q = data.consumeBoolean() ? data.pickValue(new String[] {"0", "1", "0.5", "0.0"}) : null;
            MediaType m = q == null ? new MediaType(type, subtype) : new MediaType(type, subtype, Map.of("q", q));
            accept.add(m);
        }
        Object format = call(NEGOTIATE, null, accept);
        check(format.toString().equals("JSON") || format.toString().equals("JWT"), "JSON or JWT", accept);
        check(format == call(NEGOTIATE, null, accept), "same format twice", accept);
        if (format.toString().equals("JWT")) {
            for (MediaType m : accept) {
                acceptsJwt |= !"0".equals(m.getParameters().get("q")) && !m.isWildcardSubtype()
                        && new MediaType("application", "token-introspection+jwt").isCompatible(m);
            }
            check(acceptsJwt, "JWT only when accepted with a non-zero quality", accept);
        }
    }
}
