package dev.fapikit.policies.assertion;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.fapikit.core.policy.ConfiguredExecutor;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;

/**
 * Records the profile's rule on the client as the attribute {@link ClientAssertionAudience#ATTR_ARRAY_AUDIENCE}
 * ({@code true} under FAPI 1.0, {@code false} under FAPI 2.0), which {@link ArrayAudienceClientJwtAuthenticator}
 * reads: the decision is taken at authentication time from the attribute because client policies run only after the
 * client has authenticated.
 * <ul>
 * <li>Client created or updated under the profile (admin API, dynamic registration): the proposed representation
 * gets the profile's value, whatever the client or admin sent.</li>
 * <li>Any other event of a client under the profile (authorization, PAR, token, CIBA, refresh, revocation,
 * introspection, userinfo requests): a stored value that differs from the profile's is corrected, in a transaction of
 * its own. This reaches clients that no create or update event saw, such as clients imported with a realm file, and
 * a value a client set on itself.</li>
 * </ul>
 */
final class ArrayAudienceExecutor extends ConfiguredExecutor<ArrayAudienceExecutor.Configuration> {

    private static final Logger LOG = Logger.getLogger(ArrayAudienceExecutor.class);

    ArrayAudienceExecutor(KeycloakSession session) {
        super(ArrayAudienceExecutorFactory.PROVIDER_ID, Configuration.class, Configuration::new, session);
    }

    /** Settings of one {@value ArrayAudienceExecutorFactory#PROVIDER_ID} executor in a client profile. */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

        @JsonProperty(ArrayAudienceExecutorFactory.ALLOW_ARRAY)
        private Boolean allowArray;

        public boolean allowArray() {
            return Boolean.TRUE.equals(allowArray);
        }
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> apply(((ClientCRUDContext) context).getProposedClientRepresentation());
            case REGISTERED, UPDATED, VIEW, UNREGISTER -> {
            }
            default -> {
                ClientModel client = session == null ? null : session.getContext().getClient();
                correct(client);
                refuseArrayIfProfileForbids(client);
            }
        }
    }

    /**
     * The authenticator went by the client's stored mark; if this request's assertion had an array {@code aud} and the
     * profile forbids it (a mark the client set on itself, or one left from another profile), the request is refused
     * here, once the policies know the profile (FAPI 2.0 Security Profile §5.3.2.1).
     */
    void refuseArrayIfProfileForbids(ClientModel client) throws ClientPolicyException {
        if (client == null || configuration.allowArray()) return;
        if (client.getId().equals(session.getAttribute(ClientAssertionAudience.SESSION_ARRAY_ACCEPTED))) {
            session.removeAttribute(ClientAssertionAudience.SESSION_ARRAY_ACCEPTED);
            throw new ClientPolicyException(OAuthErrorException.INVALID_CLIENT,
                    "The client assertion's aud must be this server's issuer as a single string under the client's profile");
        }
    }

    /** Brings a stored client's attribute in line with the profile; a failure (a concurrent writer) is retried by the next request. */
    void correct(ClientModel client) {
        if (client == null) return;
        String wanted = Boolean.toString(configuration.allowArray());
        if (Objects.equals(client.getAttribute(ClientAssertionAudience.ATTR_ARRAY_AUDIENCE), wanted)) return;
        RealmModel realm = client.getRealm();
        String realmId = realm.getId();
        String clientUuid = client.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                RealmModel r = s.realms().getRealm(realmId);
                ClientModel c = r == null ? null : s.clients().getClientById(r, clientUuid);
                if (c != null && !Objects.equals(c.getAttribute(ClientAssertionAudience.ATTR_ARRAY_AUDIENCE), wanted)) {
                    c.setAttribute(ClientAssertionAudience.ATTR_ARRAY_AUDIENCE, wanted);
                }
            });
            LOG.infof("Client '%s' of realm '%s': %s=%s, as its client profile says", client.getClientId(), realm.getName(),
                    ClientAssertionAudience.ATTR_ARRAY_AUDIENCE, wanted);
        } catch (RuntimeException e) {
            LOG.debugf(e, "Client '%s': %s not corrected now; the next request retries", client.getClientId(),
                    ClientAssertionAudience.ATTR_ARRAY_AUDIENCE);
        }
    }

    /** The attribute follows the profile; a client's (or admin's) own value is overwritten. */
    void apply(ClientRepresentation client) {
        if (client == null) return;
        Map<String, String> attributes = client.getAttributes() == null ? new HashMap<>() : new HashMap<>(client.getAttributes());
        attributes.put(ClientAssertionAudience.ATTR_ARRAY_AUDIENCE, Boolean.toString(configuration.allowArray()));
        client.setAttributes(attributes);
    }
}
