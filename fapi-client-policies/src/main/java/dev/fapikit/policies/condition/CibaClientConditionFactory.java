package dev.fapikit.policies.condition;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.condition.AbstractClientPolicyConditionProviderFactory;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;

import dev.fapikit.core.policy.ConditionFactorySupport;

/** Creates the {@value #PROVIDER_ID} condition. */
public class CibaClientConditionFactory extends ConditionFactorySupport {

    public static final String PROVIDER_ID = "fapi-kit-ciba-client";

    /** How this Keycloak version names a context\'s client; chosen once (26.4 / 26.5+). */
    private final ContextClient contextClient = ContextClient.forRuntime();

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = List.of(negativeLogicProperty());

    static ProviderConfigProperty negativeLogicProperty() {
        return new ProviderConfigProperty(AbstractClientPolicyConditionProviderFactory.IS_NEGATIVE_LOGIC, "Negative logic",
                "On: the condition holds for exactly the clients it would otherwise not hold for.",
                ProviderConfigProperty.BOOLEAN_TYPE, false);
    }

    @Override
    public ClientPolicyConditionProvider create(KeycloakSession session) {
        return new CibaClientCondition(session, contextClient);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Holds for CIBA clients: clients with the OpenID Connect CIBA grant enabled (also while one is being "
                + "registered or updated to enable it), and every backchannel authentication and CIBA token request. "
                + "Use it to apply the FAPI-CIBA profile; Keycloak's grant-type condition cannot select the CIBA grant.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }
}
