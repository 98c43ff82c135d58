package dev.fapikit.policies.condition;

import java.util.List;

import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;

import dev.fapikit.core.policy.ConditionFactorySupport;

/** Creates the {@value #PROVIDER_ID} condition. */
public class ClientAuthMethodConditionFactory extends ConditionFactorySupport {

    public static final String PROVIDER_ID = "fapi-kit-client-auth-method";

    /** How this Keycloak version names a context\'s client; chosen once (26.4 / 26.5+). */
    private final ContextClient contextClient = ContextClient.forRuntime();

    public static final String CLIENT_AUTHENTICATORS = "client-authenticators";

    private List<ProviderConfigProperty> configProperties = List.of();

    @Override
    public ClientPolicyConditionProvider create(KeycloakSession session) {
        return new ClientAuthMethodCondition(session, contextClient);
    }

    /** The options are every client authenticator the server has, FAPI Kit's own included. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        ProviderConfigProperty authenticators = new ProviderConfigProperty(CLIENT_AUTHENTICATORS, "Client authenticators",
                "The condition holds for confidential clients that authenticate with one of these client "
                        + "authenticators (client-jwt = private_key_jwt, client-x509 = tls_client_auth, "
                        + "client-secret = client_secret_basic/post, client-secret-jwt = client_secret_jwt).",
                ProviderConfigProperty.MULTIVALUED_LIST_TYPE, null);
        authenticators.setOptions(factory.getProviderFactoriesStream(ClientAuthenticator.class).map(ProviderFactory::getId).sorted().toList());
        configProperties = List.of(CibaClientConditionFactory.negativeLogicProperty(), authenticators);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Holds for confidential clients whose client authentication method is one of the selected client "
                + "authenticators (while a client is registered or updated: the method it is about to get). Public "
                + "clients never match.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return configProperties;
    }
}
