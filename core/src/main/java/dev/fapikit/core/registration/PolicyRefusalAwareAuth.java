package dev.fapikit.core.registration;

import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.Response;

import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.clientregistration.ClientRegistrationAuth;
import org.keycloak.services.clientregistration.ClientRegistrationContext;
import org.keycloak.services.clientregistration.ClientRegistrationProvider;
import org.keycloak.services.clientregistration.ErrorCodes;
import org.keycloak.services.clientregistration.policy.RegistrationAuth;

/**
 * Keycloak's registration access checks, with one answer corrected: RFC 7591 §3.2.2 answers client metadata a client
 * policy refuses with HTTP 400 and {@code invalid_client_metadata} (or {@code invalid_redirect_uri}), where Keycloak
 * answers 403 {@code insufficient_scope}; software statement refusals keep their RFC 7591 §3.2.2 codes. Refusals for the caller's token or for registration policies (trusted hosts,
 * client limits) stay 401/403: those are about who registers, not about the metadata.
 */
final class PolicyRefusalAwareAuth extends ClientRegistrationAuth {

    private static final Set<String> METADATA_ERRORS = Set.of(ErrorCodes.INVALID_CLIENT_METADATA, ErrorCodes.INVALID_REDIRECT_URI,
            SoftwareStatementRefusal.INVALID_SOFTWARE_STATEMENT, SoftwareStatementRefusal.UNAPPROVED_SOFTWARE_STATEMENT);

    private final EventBuilder event;

    PolicyRefusalAwareAuth(KeycloakSession session, ClientRegistrationProvider provider, EventBuilder event, String endpoint) {
        super(session, provider, event, endpoint);
        this.event = event;
    }

    @Override
    public RegistrationAuth requireCreate(ClientRegistrationContext context) {
        try {
            return super.requireCreate(context);
        } catch (ErrorResponseException e) {
            throw asMetadataError(e);
        }
    }

    @Override
    public RegistrationAuth requireUpdate(ClientRegistrationContext context, ClientModel client) {
        try {
            return super.requireUpdate(context, client);
        } catch (ErrorResponseException e) {
            throw asMetadataError(e);
        }
    }

    /** Keycloak records a client-policy refusal in the event before answering; only those are re-answered. */
    private ErrorResponseException asMetadataError(ErrorResponseException answered) {
        Map<String, String> details = event.getEvent().getDetails();
        if (details == null || !Details.CLIENT_POLICY_ERROR.equals(details.get(Details.REASON))) {
            return answered;
        }
        String error = details.get(Details.CLIENT_POLICY_ERROR);
        String description = details.get(Details.CLIENT_POLICY_ERROR_DETAIL);
        return new ErrorResponseException(METADATA_ERRORS.contains(error) ? error : ErrorCodes.INVALID_CLIENT_METADATA,
                description != null ? description : "Client metadata refused by the realm's client policies",
                Response.Status.BAD_REQUEST);
    }
}
