package dev.fapikit.jarm.executor;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.SecureResponseTypeExecutorFactory;

import dev.fapikit.core.metadata.BundleReportingFactory;

/**
 * {@value #PROVIDER_ID}: use it in place of Keycloak's {@code secure-response-type} in a FAPI 1.0 Advanced profile.
 * It has the same options ({@code auto-configure}, {@code allow-token-response-type}).
 */
public class SecureJwtResponseTypeExecutorFactory extends SecureResponseTypeExecutorFactory implements BundleReportingFactory {

    public static final String PROVIDER_ID = "fapi-kit-secure-response-type";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new SecureJwtResponseTypeExecutor(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Allows the response types of FAPI 1.0 Advanced: 'code id_token' (and 'code id_token token' when allowed), "
                + "or 'code' with a JARM response mode: jwt, query.jwt, fragment.jwt or form_post.jwt. "
                + "Use it instead of 'secure-response-type', which accepts only response_mode=jwt.";
    }
}
