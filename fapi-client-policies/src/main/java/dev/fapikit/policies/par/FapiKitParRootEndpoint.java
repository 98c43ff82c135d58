package dev.fapikit.policies.par;

import jakarta.ws.rs.Path;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.ext.OIDCExtProvider;
import org.keycloak.protocol.oidc.par.endpoints.ParEndpoint;
import org.keycloak.protocol.oidc.par.endpoints.ParRootEndpoint;

import dev.fapikit.core.metadata.BundleReportingFactory;

/**
 * Same-id override of Keycloak's {@code par} extension ({@code .../protocol/openid-connect/ext/par/request}): the
 * request is processed by Keycloak's own endpoint, with FAPI Kit's client-authentication error (see
 * {@link FapiKitParEndpoint}). Wins over Keycloak's factory by the non-{@code org.keycloak} package at equal order.
 */
public class FapiKitParRootEndpoint extends ParRootEndpoint implements BundleReportingFactory {

    private final KeycloakSession session;
    private EventBuilder event;

    public FapiKitParRootEndpoint() {
        this(null);
    }

    public FapiKitParRootEndpoint(KeycloakSession session) {
        super(session);
        this.session = session;
    }

    @Override
    @Path("/request")
    public ParEndpoint request() {
        return new FapiKitParEndpoint(session, event);
    }

    @Override
    public OIDCExtProvider create(KeycloakSession session) {
        return new FapiKitParRootEndpoint(session);
    }

    @Override
    public void setEvent(EventBuilder event) {
        super.setEvent(event);
        this.event = event;
    }
}
