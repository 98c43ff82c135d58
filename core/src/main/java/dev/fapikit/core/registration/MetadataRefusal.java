package dev.fapikit.core.registration;

import org.keycloak.OAuthErrorException;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * RFC 7591 §3.2.2 {@code invalid_client_metadata}: a client registration or update that a policy refuses.
 *
 * <p>Keycloak's dynamic registration endpoint answers a policy refusal with the exception's message only, so the
 * message carries the description as well.
 */
public final class MetadataRefusal extends ClientPolicyException {

    public MetadataRefusal(String detail) {
        super(OAuthErrorException.INVALID_CLIENT_METADATA, detail);
    }

    @Override
    public String getMessage() {
        return getError() + ": " + getErrorDetail();
    }
}
