package dev.fapikit.core.registration;

import org.keycloak.models.KeycloakSession;

/**
 * A value kept for the rest of one registration request: a {@link KeycloakSession} attribute (the session is the
 * request's and ends with it), so nothing outlives the request or is shared between nodes.
 */
record RequestAttribute<T>(String name, Class<T> type) {

    /** The value of this request, or {@code null} when none was attached. */
    T get(KeycloakSession session) {
        Object attached = session.getAttribute(name);
        return type.isInstance(attached) ? type.cast(attached) : null;
    }

    void set(KeycloakSession session, T value) {
        session.setAttribute(name, value);
    }
}
