package dev.fapikit.policies;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

import dev.fapikit.policies.assertion.ArrayAudienceExecutorFactory;
import dev.fapikit.policies.idtoken.IdTokenClaimsExecutorFactory;
import dev.fapikit.policies.keys.ClientKeyStrengthExecutorFactory;
import dev.fapikit.policies.rar.AuthorizationDetailsExecutorFactory;
import dev.fapikit.policies.replay.RequestObjectReplayExecutorFactory;
import dev.fapikit.policies.secret.ClientSecretStrengthExecutorFactory;
import dev.fapikit.policies.statement.SoftwareStatementExecutorFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@DisplayName("Executor factories: the options and help text the admin console shows")
class ExecutorFactoriesTest {

    @Test
    @DisplayName("each option keeps its profile key, type and default, and each factory its help text")
    void optionsAndHelpText() {
        assertOptions(new ArrayAudienceExecutorFactory(),
                tuple("allow-array-audience", ProviderConfigProperty.BOOLEAN_TYPE, false));
        assertOptions(new IdTokenClaimsExecutorFactory(),
                tuple("only-requested-scope-claims", ProviderConfigProperty.BOOLEAN_TYPE, true),
                tuple("logout-claims-only-for-logout-clients", ProviderConfigProperty.BOOLEAN_TYPE, true));
        assertOptions(new ClientKeyStrengthExecutorFactory(),
                tuple("min-rsa-key-size", ProviderConfigProperty.INTEGER_TYPE, 2048),
                tuple("min-ec-key-size", ProviderConfigProperty.INTEGER_TYPE, 256));
        assertOptions(new RequestObjectReplayExecutorFactory(),
                tuple("require-jti", ProviderConfigProperty.BOOLEAN_TYPE, false),
                tuple("max-lifetime", ProviderConfigProperty.INTEGER_TYPE, 3600));
        assertOptions(new ClientSecretStrengthExecutorFactory(),
                tuple("min-length", ProviderConfigProperty.INTEGER_TYPE, 32),
                tuple("min-entropy-bits", ProviderConfigProperty.INTEGER_TYPE, 128));
        assertOptions(new SoftwareStatementExecutorFactory(),
                tuple("trusted-directories", ProviderConfigProperty.TEXT_TYPE, null),
                tuple("allowed-algorithms", ProviderConfigProperty.MULTIVALUED_LIST_TYPE, List.of("PS256", "ES256")),
                tuple("bind-tls-certificate", ProviderConfigProperty.BOOLEAN_TYPE, false),
                tuple("require-signed-request", ProviderConfigProperty.BOOLEAN_TYPE, false));
        assertOptions(new AuthorizationDetailsExecutorFactory(),
                tuple("require-registered-types", ProviderConfigProperty.BOOLEAN_TYPE, true));
    }

    private static void assertOptions(ClientPolicyExecutorProviderFactory factory, org.assertj.core.groups.Tuple... expected) {
        assertThat(factory.getHelpText()).isNotBlank();
        List<ProviderConfigProperty> options = factory.getConfigProperties();
        assertThat(options).extracting(ProviderConfigProperty::getName, ProviderConfigProperty::getType,
                ProviderConfigProperty::getDefaultValue).containsExactly(expected);
        assertThat(options).allSatisfy(o -> {
            assertThat(o.getLabel()).isNotBlank();
            assertThat(o.getHelpText()).isNotBlank();
        });
    }
}
