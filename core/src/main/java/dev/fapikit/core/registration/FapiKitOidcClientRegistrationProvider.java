package dev.fapikit.core.registration;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.oidc.OIDCClientRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.clientregistration.ClientRegistrationAuth;
import org.keycloak.services.clientregistration.ClientRegistrationProvider;
import org.keycloak.services.clientregistration.ErrorCodes;
import org.keycloak.services.clientregistration.oidc.OIDCClientRegistrationProvider;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fapikit.core.metadata.RegistrationMetadata;
import dev.fapikit.core.outbound.ClientUrls;
import dev.fapikit.core.outbound.OutboundProvider;

/**
 * Keycloak's OpenID Connect dynamic client registration (RFC 7591 / 7592), plus the client metadata FAPI Kit modules
 * add ({@link RegistrationMetadata}: the RFC 8705 §2.1.2 SAN values, the RFC 9701 §6 introspection response metadata).
 * The request is read as JSON, their metadata is taken out and checked, Keycloak's own provider registers the rest,
 * and their metadata is then stored on the client and echoed in the response.
 */
public class FapiKitOidcClientRegistrationProvider implements ClientRegistrationProvider {

    /** RFC 7591 §2: the server MUST ignore client metadata it does not understand. */
    private static final Logger LOG = Logger.getLogger(FapiKitOidcClientRegistrationProvider.class);

    private static final ObjectMapper METADATA = JsonSerialization.mapper.copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    /** Client metadata Keycloak stores in {@code varchar(255)} columns (client name, URLs, redirect URIs). */
    private static final java.util.List<String> STORED_IN_COLUMNS = java.util.List.of("client_id", "client_name", "client_uri", "redirect_uris");
    private static final int MAX_COLUMN_LENGTH = 255;

    /** RFC 7519 §4.1 claims of a signed registration request that are not client metadata. */
    private static final List<String> JWT_CLAIMS = List.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti");

    private final KeycloakSession session;
    private final OIDCClientRegistrationProvider keycloak;
    private final KeycloakRegistrationCalls calls;

    public FapiKitOidcClientRegistrationProvider(KeycloakSession session) {
        this(session, KeycloakRegistrationCalls.forRuntime());
    }

    FapiKitOidcClientRegistrationProvider(KeycloakSession session, KeycloakRegistrationCalls calls) {
        this.session = session;
        this.keycloak = new OIDCClientRegistrationProvider(session);
        this.calls = calls;
    }

    @OPTIONS
    public Response preflight() {
        return calls.preflight(keycloak);
    }

    @OPTIONS
    @Path("{clientId}")
    public Response preflightClient() {
        return calls.preflightClient(keycloak);
    }

    /**
     * RFC 7591 §3.1 JSON, or a signed JWT ({@link #createSignedOIDC}). One resource method for both media types: with
     * two, RESTEasy Reactive answers an unsupported media type on this sub-resource with a 500 instead of 415.
     */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, SignedRegistrationRequest.MEDIA_TYPE})
    @Produces(MediaType.APPLICATION_JSON)
    public Response createOIDC(String body) {
        MediaType type = session.getContext().getHttpRequest().getHttpHeaders().getMediaType();
        if (type != null && "application".equalsIgnoreCase(type.getType()) && "jwt".equalsIgnoreCase(type.getSubtype())) {
            return createSignedOIDC(body);
        }
        return register(metadata(body, EventType.CLIENT_REGISTER));
    }

    private Response register(Map<String, Object> metadata) {
        SoftwareStatement statement = takeStatement(metadata, EventType.CLIENT_REGISTER);
        checkOutboundUrls(metadata, EventType.CLIENT_REGISTER);
        List<Consumer<ClientModel>> contributed = takeContributed(metadata, EventType.CLIENT_REGISTER);
        OIDCClientRepresentation representation = representation(metadata, EventType.CLIENT_REGISTER);
        return withContributed(unparseable(() -> keycloak.createOIDC(representation), EventType.CLIENT_REGISTER), contributed,
                statement, EventType.CLIENT_REGISTER);
    }

    /**
     * A registration request sent as a signed JWT whose claims are the client metadata (issue 21 §1; the UK Open Banking
     * DCR profile's form of RFC 7591 §3.1). The JWT claims are taken out, the rest is registered as a JSON request
     * would be; the {@code fapi-kit-software-statement} executor verifies the signature with the keys of the software
     * statement the request carries, so a signed request without a statement is refused here.
     */
    private Response createSignedOIDC(String body) {
        SignedRegistrationRequest request;
        try {
            request = SignedRegistrationRequest.parse(body);
        } catch (SoftwareStatementRefusal e) {
            throw refused(EventType.CLIENT_REGISTER, e.getError(), e.getErrorDetail());
        }
        Map<String, Object> metadata = new java.util.LinkedHashMap<>(request.signed().claims());
        JWT_CLAIMS.forEach(metadata::remove);
        if (!metadata.containsKey(SoftwareStatement.PARAMETER)) {
            throw refused(EventType.CLIENT_REGISTER, "A signed registration request must carry a software_statement "
                    + "(RFC 7591 §2.3) whose keys (jwks or jwks_uri) hold the key that signed the request");
        }
        checkStoredLengths(metadata, EventType.CLIENT_REGISTER);
        request.attach(session);
        return register(metadata);
    }

    @GET
    @Path("{clientId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getOIDC(@PathParam("clientId") String clientId) {
        return withContributed(keycloak.getOIDC(clientId), List.of(), null, EventType.CLIENT_INFO);
    }

    @PUT
    @Path("{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateOIDC(@PathParam("clientId") String clientId, String body) {
        Map<String, Object> metadata = metadata(body, EventType.CLIENT_UPDATE);
        SoftwareStatement statement = takeStatement(metadata, EventType.CLIENT_UPDATE);
        checkOutboundUrls(metadata, EventType.CLIENT_UPDATE);
        List<Consumer<ClientModel>> contributed = takeContributed(metadata, EventType.CLIENT_UPDATE);
        OIDCClientRepresentation representation = representation(metadata, EventType.CLIENT_UPDATE);
        return withContributed(unparseable(() -> keycloak.updateOIDC(clientId, representation), EventType.CLIENT_UPDATE), contributed,
                statement, EventType.CLIENT_UPDATE);
    }

    @DELETE
    @Path("{clientId}")
    public Response deleteOIDC(@PathParam("clientId") String clientId) {
        return calls.delete(keycloak, clientId);
    }

    /** Stores the contributed metadata on the registered client and adds the client's contributed metadata to the response. */
    private Response withContributed(Response response, List<Consumer<ClientModel>> contributed, SoftwareStatement statement,
            EventType eventType) {
        if (!(response.getEntity() instanceof OIDCClientRepresentation registered)) {
            return response;
        }
        if (statement != null && !statement.approved()) {
            // RFC 7591 §3.2.2: no executor of the realm's client policies verified the statement; the error answer
            // rolls back what Keycloak stored in this request
            throw refused(eventType, SoftwareStatementRefusal.UNAPPROVED_SOFTWARE_STATEMENT, "This realm approves no "
                    + "software statement for this registration: no client policy with a trusted directory applies to it");
        }
        ClientModel client = session.getContext().getRealm().getClientByClientId(registered.getClientId());
        if (client == null) {
            return response;
        }
        contributed.forEach(store -> store.accept(client));
        Map<String, Object> body = METADATA.convertValue(registered, JSON_OBJECT);
        session.getAllProviders(RegistrationMetadata.class).forEach(contributor -> body.putAll(contributor.describe(client)));
        body.putAll(SoftwareStatement.describe(client));
        return Response.fromResponse(response).entity(body).build();
    }

    /**
     * RFC 7591 §2.3 / §3.1.1: takes the software statement out of the request, lets its client metadata win over the
     * request's and keeps it for this request, where the realm's {@code fapi-kit-software-statement} executor
     * verifies it (signature, issuer, lifetime) while Keycloak registers the client.
     */
    private SoftwareStatement takeStatement(Map<String, Object> metadata, EventType eventType) {
        if (!metadata.containsKey(SoftwareStatement.PARAMETER)) {
            return null;
        }
        try {
            SoftwareStatement statement = SoftwareStatement.parse(metadata.remove(SoftwareStatement.PARAMETER));
            statement.mergeInto(metadata);
            statement.attach(session);
            return statement;
        } catch (SoftwareStatementRefusal e) {
            throw refused(eventType, e.getError(), e.getErrorDetail());
        }
    }

    private Map<String, Object> metadata(String body, EventType eventType) {
        try {
            Map<String, Object> metadata = body == null ? null : METADATA.readValue(body, JSON_OBJECT);
            if (metadata == null) {
                throw refused(eventType, "The request body must be a JSON object of client metadata");
            }
            checkStoredLengths(metadata, eventType);
            return metadata;
        } catch (IOException e) {
            throw refused(eventType, "The request body must be a JSON object of client metadata");
        }
    }

    /**
     * RFC 7591 §3.2.2: values longer than Keycloak's database columns (255 characters) are invalid client metadata,
     * refused here rather than failing as a database error after Keycloak accepted them.
     */
    private void checkStoredLengths(Map<String, Object> metadata, EventType eventType) {
        for (String name : STORED_IN_COLUMNS) {
            Object value = metadata.get(name);
            java.util.List<?> values = value instanceof java.util.List<?> list ? list : java.util.Collections.singletonList(value);
            for (Object each : values) {
                if (each instanceof String text && text.length() > MAX_COLUMN_LENGTH) {
                    throw refused(eventType, name + " is longer than " + MAX_COLUMN_LENGTH + " characters");
                }
            }
        }
    }

    /**
     * Issue 16 §2, RFC 7591 §3.2.2: a URL the server would fetch or call for this client ({@code jwks_uri},
     * {@code request_uris}, {@code backchannel_logout_uri}, {@code sector_identifier_uri}) must pass the outbound guard,
     * checked here before Keycloak acts on any of them (it fetches the sector identifier while registering).
     */
    private void checkOutboundUrls(Map<String, Object> metadata, EventType eventType) {
        List<String> refusals = ClientUrls.refusals(OutboundProvider.of(session).guard(), ClientUrls.ofMetadata(metadata));
        if (!refusals.isEmpty()) {
            throw refused(eventType, String.join("; ", refusals));
        }
    }

    /** Takes each module's metadata out of the request; what to store on the client once Keycloak registered it. */
    private List<Consumer<ClientModel>> takeContributed(Map<String, Object> metadata, EventType eventType) {
        try {
            return session.getAllProviders(RegistrationMetadata.class).stream().map(contributor -> contributor.take(metadata)).toList();
        } catch (RegistrationMetadata.InvalidClientMetadataException e) {
            throw refused(eventType, e.getMessage());
        }
    }

    private OIDCClientRepresentation representation(Map<String, Object> metadata, EventType eventType) {
        try {
            return METADATA.convertValue(metadata, OIDCClientRepresentation.class);
        } catch (IllegalArgumentException e) {
            throw refused(eventType, "Client metadata invalid");
        }
    }

    /**
     * RFC 7591 §3.2.2: metadata Keycloak cannot even parse (a JWK whose key parameters are not base64url, say) is
     * {@code invalid_client_metadata}, not a server error. Protocol answers Keycloak gives pass unchanged.
     */
    private Response unparseable(java.util.function.Supplier<Response> registration, EventType eventType) {
        try {
            return registration.get();
        } catch (jakarta.ws.rs.WebApplicationException answered) {
            throw answered;
        } catch (RuntimeException e) {
            // issue 16 §5: the client gets a human description, never an exception name; the detail goes to the log
            LOG.warnf(e, "Dynamic registration refused: Keycloak could not use the client metadata in realm '%s'",
                    session.getContext().getRealm().getName());
            throw refused(eventType, "Client metadata invalid: a value could not be used (check jwks, jwks_uri, "
                    + "URIs and algorithm names against RFC 7591 and the discovery document)");
        }
    }

    private ErrorResponseException refused(EventType eventType, String description) {
        return refused(eventType, ErrorCodes.INVALID_CLIENT_METADATA, description);
    }

    private ErrorResponseException refused(EventType eventType, String error, String description) {
        getEvent().event(eventType).detail(Details.REASON, description).error(error);
        return new ErrorResponseException(error, description, Response.Status.BAD_REQUEST);
    }

    @Override
    public void setAuth(ClientRegistrationAuth auth) {
        // Keycloak's registration service sets the event first, then the auth it built for this endpoint
        keycloak.setAuth(keycloak.getEvent() == null ? auth
                : new PolicyRefusalAwareAuth(session, this, keycloak.getEvent(), OIDCLoginProtocol.LOGIN_PROTOCOL));
    }

    @Override
    public ClientRegistrationAuth getAuth() {
        return keycloak.getAuth();
    }

    @Override
    public void setEvent(EventBuilder event) {
        keycloak.setEvent(event);
    }

    @Override
    public EventBuilder getEvent() {
        return keycloak.getEvent();
    }

    @Override
    public void close() {
        keycloak.close();
    }
}
