package dev.fapikit.core.metadata;

import java.util.Map;
import java.util.function.Consumer;

import org.keycloak.models.ClientModel;
import org.keycloak.provider.Provider;

/**
 * Client metadata of a specification Keycloak's dynamic client registration (RFC 7591 / 7592) does not know, which
 * Keycloak would silently drop: taken out of the request and checked before Keycloak registers the client, stored on
 * the registered client afterwards, and echoed in every registration response (RFC 7591 §3.2.1).
 */
public interface RegistrationMetadata extends Provider {

    /**
     * Removes this provider's metadata from {@code request} and checks it.
     *
     * @return what to store on the client once Keycloak registered or updated it; with none of the metadata in an
     *         update request (RFC 7592 §2.2: omitted values are removed) it removes what was stored
     * @throws InvalidClientMetadataException metadata the specification does not allow (RFC 7591 §3.2.2)
     */
    Consumer<ClientModel> take(Map<String, Object> request);

    /** The client's metadata of this provider, for registration responses. */
    Map<String, Object> describe(ClientModel client);

    @Override
    default void close() {
    }

    /** RFC 7591 §3.2.2 {@code invalid_client_metadata}, with a description for the client developer. */
    final class InvalidClientMetadataException extends RuntimeException {

        public InvalidClientMetadataException(String message) {
            super(message);
        }
    }
}
