package dev.fapikit.it;

import dev.fapikit.it.harness.HarnessSettings;

/**
 * Answers of Keycloak's own APIs that differ between the Keycloak versions the suite runs on (the release's version and
 * the older line of the {@code kc-26.4} profile), so that a test still asserts the one answer of the server under test.
 */
public final class KeycloakAnswers {

    private KeycloakAnswers() {
    }

    /**
     * The status of {@code POST /admin/realms/{realm}/clients-initial-access}: 201 Created from Keycloak 26.7 on
     * (keycloak/keycloak#49232, as its OpenAPI description always said), 200 before.
     */
    public static int initialAccessCreated() {
        return atLeast(26, 7) ? 201 : 200;
    }

    /** Whether the Keycloak distribution under test ({@code keycloak.dist.version}) is {@code major.minor} or later. */
    static boolean atLeast(int major, int minor) {
        String[] v = HarnessSettings.load().keycloakVersion().split("[.-]");
        int ma = Integer.parseInt(v[0]);
        int mi = v.length > 1 ? Integer.parseInt(v[1]) : 0;
        return ma > major || (ma == major && mi >= minor);
    }
}
