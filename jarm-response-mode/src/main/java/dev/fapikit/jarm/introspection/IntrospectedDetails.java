package dev.fapikit.jarm.introspection;

import org.keycloak.representations.AccessToken;

/**
 * RFC 9396 §9.2: an introspection response names the authorization details the token grants. Keycloak builds the
 * response from the token's protocol mappers, which do not copy them. Keycloak 26.5+ only ({@link #AVAILABLE}: 26.4's
 * {@code AccessToken} has no authorization details); this class is the only one that calls those accessors.
 */
final class IntrospectedDetails {

    /** Whether the running Keycloak's access tokens carry authorization details. */
    static final boolean AVAILABLE = accessorPresent();

    private IntrospectedDetails() {
    }

    private static boolean accessorPresent() {
        try {
            AccessToken.class.getMethod("getAuthorizationDetails");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Copies the token's authorization details into the response built from it, unless a mapper set them already. */
    static void copy(AccessToken token, AccessToken response) {
        if (response.getAuthorizationDetails() == null) {
            response.setAuthorizationDetails(token.getAuthorizationDetails());
        }
    }
}
