package dev.fapikit.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;

/**
 * The FAPI Kit client authenticators are in the client authentication flow of every realm without an admin editing
 * it: here the realms imported at start on the shared test server, once each.
 */
@FapiKitServer
@DisplayName("mTLS client authenticators in every realm's client flow")
class ClientFlowInstalledIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"master", "fapi1-advanced", "fapi2", "fapi-ciba"})
    @DisplayName("imported and existing realms have each authenticator exactly once")
    void installedOnce(String realm, FapiKit kit) {
        List<String> authenticators = kit.admin().get("realms/" + realm + "/authentication/flows/clients/executions")
                .findValuesAsText("providerId");
        assertThat(authenticators).containsOnlyOnce("client-x509-self-signed", "client-x509-san", "client-x509");
    }
}
