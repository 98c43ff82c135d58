package dev.fapikit.ciba.usercode;

import java.util.Map;
import java.util.function.Consumer;

import org.keycloak.models.CibaConfig;
import org.keycloak.models.ClientModel;

import dev.fapikit.core.metadata.RegistrationMetadata;

/**
 * CIBA Core 1.0 §4 {@code backchannel_user_code_parameter} in dynamic client registration (RFC 7591 / 7592), stored as
 * the client attribute the backchannel endpoint reads ({@link UserCodeRegistrationMetadataFactory#CLIENT_ATTR_USER_CODE}). Keycloak's
 * own registration knows the other three CIBA §4 fields (token delivery mode, notification endpoint, request signing
 * algorithm) but drops this one.
 *
 * <p>Echo (RFC 7591 §3.2.1, "all registered metadata about the client, including any fields provisioned by the
 * authorization server itself"): a CIBA client always gets the value, {@code false} when it registered none, because
 * CIBA §4 makes {@code false} the default the server then applies; a client without the CIBA grant gets the field only
 * if it registered it (the value means nothing for it, and echoing it on every client would be noise).
 */
final class UserCodeRegistrationMetadata implements RegistrationMetadata {

    static final String USER_CODE_PARAMETER = "backchannel_user_code_parameter";

    @Override
    public Consumer<ClientModel> take(Map<String, Object> request) {
        boolean present = request.containsKey(USER_CODE_PARAMETER);
        Object value = request.remove(USER_CODE_PARAMETER);
        if (value != null && !(value instanceof Boolean)) {
            // CIBA Core §4: "Boolean value"; RFC 7591 §3.2.2 invalid_client_metadata. The value itself is not echoed.
            throw new InvalidClientMetadataException(USER_CODE_PARAMETER + " must be a JSON boolean (true or false)");
        }
        if (!present || value == null) {
            // RFC 7592 §2.2: a value omitted from an update is removed; CIBA §4: omitted means false
            return client -> client.removeAttribute(UserCodeRegistrationMetadataFactory.CLIENT_ATTR_USER_CODE);
        }
        String stored = value.toString();
        return client -> client.setAttribute(UserCodeRegistrationMetadataFactory.CLIENT_ATTR_USER_CODE, stored);
    }

    @Override
    public Map<String, Object> describe(ClientModel client) {
        String stored = client.getAttribute(UserCodeRegistrationMetadataFactory.CLIENT_ATTR_USER_CODE);
        boolean ciba = Boolean.parseBoolean(client.getAttribute(CibaConfig.OIDC_CIBA_GRANT_ENABLED));
        if (stored == null && !ciba) {
            return Map.of();
        }
        return Map.of(USER_CODE_PARAMETER, Boolean.parseBoolean(stored));
    }
}
