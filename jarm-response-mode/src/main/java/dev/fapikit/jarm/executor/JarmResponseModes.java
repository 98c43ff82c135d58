package dev.fapikit.jarm.executor;

import java.util.Set;

import org.keycloak.protocol.oidc.utils.OIDCResponseMode;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;

/** The response modes of JARM §2.3, and the JWT counterpart of each plain mode. */
final class JarmResponseModes {

    private static final Set<String> JWT_MODES = Set.of(OIDCResponseMode.JWT.value(), OIDCResponseMode.QUERY_JWT.value(),
            OIDCResponseMode.FRAGMENT_JWT.value(), OIDCResponseMode.FORM_POST_JWT.value());

    private JarmResponseModes() {
    }

    static boolean isJwt(String responseMode) {
        return responseMode != null && JWT_MODES.contains(responseMode);
    }

    /**
     * The JWT mode that carries a response the client asked for in {@code requestedMode}: the same channel as a JWT
     * ({@code query} → {@code query.jwt}, ...), or JARM §2.3.4's default ({@code jwt}) for an absent or unknown mode.
     */
    static OIDCResponseMode jwtCounterpart(String requestedMode, OIDCResponseType responseType) {
        if (OIDCResponseMode.QUERY.value().equals(requestedMode)) {
            return OIDCResponseMode.QUERY_JWT;
        }
        if (OIDCResponseMode.FRAGMENT.value().equals(requestedMode)) {
            return OIDCResponseMode.FRAGMENT_JWT;
        }
        if (OIDCResponseMode.FORM_POST.value().equals(requestedMode)) {
            return OIDCResponseMode.FORM_POST_JWT;
        }
        return OIDCResponseMode.parse(OIDCResponseMode.JWT.value(), responseType);
    }
}
