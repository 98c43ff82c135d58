package dev.fapikit.policies.fuzz;

import static dev.fapikit.policies.fuzz.Internals.call;
import static dev.fapikit.policies.fuzz.Internals.check;
import static dev.fapikit.policies.fuzz.Internals.method;
import static dev.fapikit.policies.fuzz.Internals.newInstance;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
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

    static final String EXECUTOR = "dev.fapikit.policies.keys.ClientKeyStrengthExecutor";
    static final Method CHECK = method(EXECUTOR, "checkRepresentation", ClientRepresentation.class);
    static final String CERTIFICATE_ATTRIBUTE = "jwt.credential.certificate";

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
        Object executor = newInstance(EXECUTOR, new Class<?>[] {KeycloakSession.class}, (Object) null);
        ClientRepresentation client = new ClientRepresentation();
        Map<String, String> attributes = new HashMap<>();
        attributes.put(attribute, value);
        client.setAttributes(attributes);
        try {
            call(CHECK, executor, client);
            return "accepted";
        } catch (ClientPolicyException e) {
            check(OAuthErrorException.INVALID_CLIENT_METADATA.equals(e.getError()), "refused as invalid_client_metadata", value);
            return "refused: " + e.getErrorDetail();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("unexpected checked exception for " + value, e);
        }
    }
}
