package dev.fapikit.policies.assertion;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * When a client is created or updated under the profile, sets (FAPI 1.0) or removes (FAPI 2.0) the client attribute
 * {@link ClientAssertionAudience#ATTR_ARRAY_AUDIENCE}, which {@link ArrayAudienceClientJwtAuthenticator} reads. The
 * decision is taken at authentication time from the attribute because client policies run only after the client has
 * authenticated.
 */
final class ArrayAudienceExecutor implements ClientPolicyExecutorProvider<ArrayAudienceExecutor.Configuration> {

    private Configuration configuration = new Configuration();

    /** Settings of one {@value ArrayAudienceExecutorFactory#PROVIDER_ID} executor in a client profile. */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

        @JsonProperty(ArrayAudienceExecutorFactory.ALLOW_ARRAY)
        private Boolean allowArray;

        public boolean allowArray() {
            return Boolean.TRUE.equals(allowArray);
        }

        public void setAllowArray(Boolean allowArray) {
            this.allowArray = allowArray;
        }
    }

    @Override
    public String getProviderId() {
        return ArrayAudienceExecutorFactory.PROVIDER_ID;
    }

    @Override
    public Class<Configuration> getExecutorConfigurationClass() {
        return Configuration.class;
    }

    @Override
    public void setupConfiguration(Configuration config) {
        this.configuration = config == null ? new Configuration() : config;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> apply(((ClientCRUDContext) context).getProposedClientRepresentation());
            default -> {
            }
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
