package dev.fapikit.core.http;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.error.KeycloakErrorHandler;
import org.keycloak.utils.MediaTypeMatcher;

/**
 * A form body with a broken percent-encoding ({@code %E0%A4%A}, {@code %ZZ}) is a client error: RFC 6749 §5.2 and
 * CIBA Core §13 answer a malformed request with 400 {@code invalid_request}. The platform's form parser (RESTEasy
 * Reactive) throws an {@link IllegalArgumentException} for it before any endpoint runs, which Keycloak's
 * {@link KeycloakErrorHandler} turns into a 500. This JAX-RS mapper, the closer match for that exception type,
 * answers 400 for exactly that parser failure and hands every other {@link IllegalArgumentException} to Keycloak's
 * handler unchanged.
 * <p>
 * Not a Keycloak SPI provider: Keycloak's build picks up {@code @Provider} classes from the JARs in {@code providers/}.
 */
@Provider
public class MalformedFormBodyMapper implements ExceptionMapper<IllegalArgumentException> {

    static final String DESCRIPTION = "The form body is not valid application/x-www-form-urlencoded (broken percent-encoding)";

    @Context
    KeycloakSession session;

    @Override
    public Response toResponse(IllegalArgumentException exception) {
        if (!fromFormDecoder(exception)) {
            return KeycloakErrorHandler.getResponse(session, exception);
        }
        if (session != null && MediaTypeMatcher.isHtmlRequest(session.getContext().getRequestHeaders())) {
            // a browser (the approval page) gets Keycloak's error page with status 400
            return KeycloakErrorHandler.getResponse(session, new BadRequestException(DESCRIPTION));
        }
        if (session != null) session.getTransactionManager().setRollbackOnly();
        OAuth2ErrorRepresentation error = new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_REQUEST, DESCRIPTION);
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").entity(error).build();
    }

    /** True when the exception comes from the URL decoder as called by the urlencoded form parser. */
    static boolean fromFormDecoder(Throwable exception) {
        boolean decoder = false;
        for (StackTraceElement frame : exception.getStackTrace()) {
            String type = frame.getClassName();
            if (type.endsWith(".URLUtils") && frame.getMethodName().startsWith("decode")) {
                decoder = true;
            } else if (decoder && type.contains("FormEncodedDataDefinition")) {
                return true;
            }
        }
        return false;
    }
}
