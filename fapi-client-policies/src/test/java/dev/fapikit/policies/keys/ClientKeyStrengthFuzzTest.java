package dev.fapikit.policies.keys;

import static dev.fapikit.core.fuzz.Invariant.check;
import static dev.fapikit.policies.keys.ClientKeyStrengthExecutor.CERTIFICATE_ATTRIBUTE;

import java.util.HashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.keycloak.OAuthErrorException;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * fapi-kit-client-key-strength on registration and update: a client's {@code jwks} and certificate attribute are
 * client input (dynamic registration, admin API). For any value: accepted, or refused with a
 * {@link ClientPolicyException} naming {@code invalid_client_metadata} — anything else would be a 500 at the
 * registration endpoint. The same value gets the same answer twice.
 */
class ClientKeyStrengthFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void jwksIsAcceptedOrRefusedAsInvalidClientMetadata(FuzzedDataProvider data) {
        boolean certificate = data.consumeBoolean();
        String value = data.consumeRemainingAsString();
        String attribute = certificate ? CERTIFICATE_ATTRIBUTE : OIDCConfigAttributes.JWKS_STRING;
        String first = outcome(attribute, value);
        check(first.equals(outcome(attribute, value)), "same answer twice", value);
    }

    /** "accepted" or "refused: ..."; any other exception escapes to Jazzer as a finding. */
    static String outcome(String attribute, String value) {
        ClientKeyStrengthExecutor executor = new ClientKeyStrengthExecutor(null);
        ClientRepresentation client = new ClientRepresentation();
        Map<String, String> attributes = new HashMap<>();
        attributes.put(attribute, value);
        client.setAttributes(attributes);
        try {
            executor.checkRepresentation(client);
            return "accepted";
        } catch (ClientPolicyException e) {
            check(OAuthErrorException.INVALID_CLIENT_METADATA.equals(e.getError()), "refused as invalid_client_metadata", value);
            return "refused: " + e.getErrorDetail();
        }
    }
}
