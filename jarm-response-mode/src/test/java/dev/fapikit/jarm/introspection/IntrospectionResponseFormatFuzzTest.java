package dev.fapikit.jarm.introspection;

import static dev.fapikit.core.fuzz.Invariant.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * RFC 9701 §4 introspection content negotiation over client input (the {@code Accept} header). For any header: no
 * exception, the same answer twice, and a signed introspection response is chosen only when the client accepts
 * {@code application/token-introspection+jwt} with a non-zero quality. (Until the fuzz targets moved next to the code
 * they call, this target was {@code JarmResponseModeFuzzTest#introspectionFormatFollowsTheAcceptHeader}; its corpus
 * moved with it.)
 */
class IntrospectionResponseFormatFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void introspectionFormatFollowsTheAcceptHeader(FuzzedDataProvider data) {
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
        IntrospectionResponseFormat format = IntrospectionResponseFormat.negotiate(accept);
        check(format == IntrospectionResponseFormat.JSON || format == IntrospectionResponseFormat.JWT, "JSON or JWT", accept);
        check(format == IntrospectionResponseFormat.negotiate(accept), "same format twice", accept);
        if (format == IntrospectionResponseFormat.JWT) {
            for (MediaType m : accept) {
                acceptsJwt |= !"0".equals(m.getParameters().get("q")) && !m.isWildcardSubtype()
                        && new MediaType("application", "token-introspection+jwt").isCompatible(m);
            }
            check(acceptsJwt, "JWT only when accepted with a non-zero quality", accept);
        }
    }
}
