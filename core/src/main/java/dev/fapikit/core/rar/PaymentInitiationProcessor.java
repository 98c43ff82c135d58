package dev.fapikit.core.rar;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessor;
import org.keycloak.protocol.oidc.rar.InvalidAuthorizationDetailsException;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak 26.5+ only. The {@value PaymentInitiation#TYPE} processor: Keycloak calls it for each entry of this type at
 * the authorization endpoint (validation), and at the token endpoint for the details stored with the authorization
 * (code grant). What it returns is what the token response carries (RFC 9396 §7) and what the access and refresh
 * tokens carry; a refresh copies it from the refresh token, so the approved details stay the same.
 * <p>
 * At the token endpoint it lets only details into a token that the user approved (RFC 9396 §7): the client session must
 * hold {@link ApprovedDetails#NOTE} for exactly its {@value ApprovedDetails#DETAILS_NOTE} string, written by a FAPI Kit
 * approval (the browser's consent step, CIBA approval), and details a token request names must be entries of those. A
 * realm without the consent step so issues no payment token.
 */
final class PaymentInitiationProcessor implements AuthorizationDetailsProcessor<AuthorizationDetailsJSONRepresentation> {

    @Override
    public boolean isSupported() {
        return true;
    }

    @Override
    public String getSupportedType() {
        return PaymentInitiation.TYPE;
    }

    @Override
    public Class<AuthorizationDetailsJSONRepresentation> getSupportedResponseJavaType() {
        return AuthorizationDetailsJSONRepresentation.class;
    }

    @Override
    public AuthorizationDetailsJSONRepresentation validateAuthorizationDetail(AuthorizationDetailsJSONRepresentation detail)
            throws InvalidAuthorizationDetailsException {
        return checked(detail);
    }

    @Override
    public AuthorizationDetailsJSONRepresentation process(UserSessionModel userSession, ClientSessionContext context,
            AuthorizationDetailsJSONRepresentation detail) throws InvalidAuthorizationDetailsException {
        // a token request's own authorization_details (RFC 9396 §6.1) may only repeat approved entries
        ObjectNode entry = approvedEntry(context, detail);
        if (!approvedEntries(context).contains(entry)) {
            throw new InvalidAuthorizationDetailsException(NOT_APPROVED_ENTRY);
        }
        return detail;
    }

    @Override
    public List<AuthorizationDetailsJSONRepresentation> handleMissingAuthorizationDetails(UserSessionModel userSession,
            ClientSessionContext context) {
        return null; // no payment without the client asking for one
    }

    @Override
    public AuthorizationDetailsJSONRepresentation processStoredAuthorizationDetails(UserSessionModel userSession,
            ClientSessionContext context, AuthorizationDetailsJSONRepresentation detail)
            throws InvalidAuthorizationDetailsException {
        AuthenticatedClientSessionModel clientSession = context == null ? null : context.getClientSession();
        if (clientSession != null && ApprovedDetails.NONE.equals(clientSession.getNote(ApprovedDetails.NOTE))) {
            // details of an earlier request of this client session (Keycloak keeps its notes across SSO sign-ins): the
            // latest sign-in asked for none, so its token carries none
            return null;
        }
        approvedEntry(context, detail);
        return detail;
    }

    @Override
    public void afterAuthorizationDetailsProcessed(UserSessionModel userSession, ClientSessionContext context,
            AuthorizationDetailsJSONRepresentation detail) {
    }

    @Override
    public void close() {
    }

    /** The entry unchanged when it is a valid payment initiation (FAPI Kit's executor checked it already at PAR). */
    static AuthorizationDetailsJSONRepresentation checked(AuthorizationDetailsJSONRepresentation detail) {
        checkedEntry(detail);
        return detail;
    }

    /** The entry as JSON when it is a valid payment initiation. */
    private static ObjectNode checkedEntry(AuthorizationDetailsJSONRepresentation detail) {
        ObjectNode entry = JsonSerialization.mapper.valueToTree(detail);
        // Keycloak's representation writes its absent common members (RFC 9396 §2.2) as null
        entry.properties().removeIf(member -> member.getValue() == null || member.getValue().isNull());
        try {
            PaymentInitiation.parse((JsonNode) entry);
        } catch (InvalidAuthorizationDetails e) {
            throw new InvalidAuthorizationDetailsException(e.getMessage());
        }
        return entry;
    }

    /** Description when the client session holds no approval of its details. */
    static final String NOT_APPROVED = PaymentInitiation.TYPE + ": the user has not approved these authorization_details "
            + "(RFC 9396 §7); the realm needs FAPI Kit's consent step (required action fapi-kit-payment-consent)";

    /** Description when a token request names details the user did not approve. */
    static final String NOT_APPROVED_ENTRY = PaymentInitiation.TYPE + ": the token request names authorization_details "
            + "the user did not approve (RFC 9396 §6.1, §7)";

    /** The valid entry as JSON, after checking that the user approved the client session's details. */
    private static ObjectNode approvedEntry(ClientSessionContext context, AuthorizationDetailsJSONRepresentation detail) {
        ObjectNode entry = checkedEntry(detail);
        AuthenticatedClientSessionModel clientSession = context == null ? null : context.getClientSession();
        if (clientSession == null || !ApprovedDetails.approvedBy(clientSession.getNote(ApprovedDetails.NOTE),
                userId(clientSession), clientSession.getNote(ApprovedDetails.DETAILS_NOTE))) {
            throw new InvalidAuthorizationDetailsException(NOT_APPROVED);
        }
        return entry;
    }

    /** The user whose session it is: an approval counts for the user who gave it only. */
    private static String userId(AuthenticatedClientSessionModel clientSession) {
        UserSessionModel userSession = clientSession.getUserSession();
        return userSession == null || userSession.getUser() == null ? null : userSession.getUser().getId();
    }

    /** The entries of the approved details (checked by {@link #approvedEntry} first). */
    private static List<JsonNode> approvedEntries(ClientSessionContext context) {
        String details = context.getClientSession().getNote(ApprovedDetails.DETAILS_NOTE);
        try {
            return List.copyOf(AuthorizationDetails.parse(details).entries());
        } catch (InvalidAuthorizationDetails e) {
            throw new InvalidAuthorizationDetailsException(NOT_APPROVED_ENTRY);
        }
    }
}
