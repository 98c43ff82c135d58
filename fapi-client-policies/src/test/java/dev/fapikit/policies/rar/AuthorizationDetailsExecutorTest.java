package dev.fapikit.policies.rar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;

import dev.fapikit.core.metadata.RegistrationMetadata.InvalidClientMetadataException;
import dev.fapikit.core.rar.InvalidAuthorizationDetails;

class AuthorizationDetailsExecutorTest {

    static final String PAYMENT = "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"45.00\"},"
            + "\"creditorName\":\"Merchant123\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}]";

    private static final Set<String> SUPPORTED = Set.of("payment_initiation");

    static ClientModel client(Map<String, String> attributes) {
        return (ClientModel) Proxy.newProxyInstance(AuthorizationDetailsExecutorTest.class.getClassLoader(),
                new Class<?>[] {ClientModel.class}, (p, m, args) -> switch (m.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], (String) args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static ClientModel registered(String types) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(RegisteredTypes.ATTRIBUTE, types);
        return client(attributes);
    }

    @Test
    @DisplayName("a payment of a registered, supported type passes")
    void valid() {
        assertThatCode(() -> AuthorizationDetailsExecutor.check(PAYMENT, true, SUPPORTED, registered("payment_initiation"), true, 2000))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("on Keycloak 26.4 every authorization_details is refused, with the reason")
    void unavailable() {
        assertThatThrownBy(() -> AuthorizationDetailsExecutor.check(PAYMENT, false, Set.of(), registered("payment_initiation"), false, 2000))
                .isInstanceOf(InvalidAuthorizationDetails.class).hasMessageContaining("Keycloak 26.5");
    }

    @Test
    @DisplayName("an unknown type is refused before registration is looked at")
    void unknown_type() {
        assertThatThrownBy(() -> AuthorizationDetailsExecutor.check("[{\"type\":\"account_information\"}]", true, SUPPORTED,
                registered("payment_initiation"), true, 2000)).hasMessageContaining("'account_information' is not supported");
    }

    @Test
    @DisplayName("a type the client did not register is refused when require-registered-types is on, accepted when off")
    void unregistered() {
        assertThatThrownBy(() -> AuthorizationDetailsExecutor.check(PAYMENT, true, SUPPORTED, client(new HashMap<>()), true, 2000))
                .hasMessageContaining("did not register");
        assertThatCode(() -> AuthorizationDetailsExecutor.check(PAYMENT, true, SUPPORTED, client(new HashMap<>()), false, 2000))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("details longer than Keycloak keeps for a request parameter are refused, not silently dropped later")
    void longer_than_keycloak_keeps() {
        assertThatThrownBy(() -> AuthorizationDetailsExecutor.check(PAYMENT, true, SUPPORTED, registered("payment_initiation"),
                true, 100)).hasMessageContaining("100 characters");
    }

    @Test
    @DisplayName("a bad IBAN is refused with the payment's description")
    void bad_iban() {
        assertThatThrownBy(() -> AuthorizationDetailsExecutor.check(PAYMENT.replace("8603", "8604"), true, SUPPORTED,
                registered("payment_initiation"), true, 2000)).hasMessageContaining("iban");
    }

    @Test
    @DisplayName("registration: supported types are stored and echoed, others refused, absence removes")
    void registration() {
        AuthorizationDetailsTypesMetadata metadata = new AuthorizationDetailsTypesMetadata(SUPPORTED);
        Map<String, Object> request = new HashMap<>(Map.of("authorization_details_types", List.of("payment_initiation")));
        Consumer<ClientModel> store = metadata.take(request);
        assertThat(request).doesNotContainKey("authorization_details_types");
        Map<String, String> attributes = new HashMap<>();
        ClientModel client = client(attributes);
        store.accept(client);
        assertThat(attributes).containsEntry(RegisteredTypes.ATTRIBUTE, "payment_initiation");
        assertThat(metadata.describe(client)).containsEntry("authorization_details_types", List.of("payment_initiation"));

        assertThatThrownBy(() -> metadata.take(new HashMap<>(Map.of("authorization_details_types", List.of("other")))))
                .isInstanceOf(InvalidClientMetadataException.class).hasMessageContaining("payment_initiation");
        assertThatThrownBy(() -> metadata.take(new HashMap<>(Map.of("authorization_details_types", "payment_initiation"))))
                .isInstanceOf(InvalidClientMetadataException.class);
        assertThatThrownBy(() -> new AuthorizationDetailsTypesMetadata(Set.of())
                .take(new HashMap<>(Map.of("authorization_details_types", new ArrayList<>(List.of("payment_initiation"))))))
                .hasMessageContaining("Keycloak 26.5");
        metadata.take(new HashMap<>()).accept(client);
        assertThat(attributes).doesNotContainKey(RegisteredTypes.ATTRIBUTE);
    }

    @Test
    @DisplayName("CIBA backchannel request: the form parameter, or only the signed request object's array claim when signed")
    void backchannelParameter() throws Exception {
        var form = new jakarta.ws.rs.core.MultivaluedHashMap<String, String>();
        form.putSingle("authorization_details", PAYMENT);
        assertThat(AuthorizationDetailsExecutor.backchannelParameter(form, null)).isEqualTo(PAYMENT);

        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var claims = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.createObjectNode();
        claims.set("authorization_details", mapper.readTree(PAYMENT));
        var signed = new jakarta.ws.rs.core.MultivaluedHashMap<String, String>();
        signed.putSingle("request", "eyJ...");
        signed.putSingle("authorization_details", "[{\"type\":\"other\"}]");
        assertThat(mapper.readTree(AuthorizationDetailsExecutor.backchannelParameter(signed, claims))).isEqualTo(mapper.readTree(PAYMENT));
        assertThat(AuthorizationDetailsExecutor.backchannelParameter(signed, mapper.createObjectNode())).isNull();
        assertThat(AuthorizationDetailsExecutor.backchannelParameter(new jakarta.ws.rs.core.MultivaluedHashMap<>(), null)).isNull();
    }
}
