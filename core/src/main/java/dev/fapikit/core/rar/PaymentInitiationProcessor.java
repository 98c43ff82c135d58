package dev.fapikit.core.rar;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        return checked(detail);
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
        return checked(detail);
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
        ObjectNode entry = JsonSerialization.mapper.valueToTree(detail);
        // Keycloak's representation writes its absent common members (RFC 9396 §2.2) as null
        entry.properties().removeIf(member -> member.getValue() == null || member.getValue().isNull());
        try {
            PaymentInitiation.parse((JsonNode) entry);
        } catch (InvalidAuthorizationDetails e) {
            throw new InvalidAuthorizationDetailsException(e.getMessage());
        }
        return detail;
    }
}
