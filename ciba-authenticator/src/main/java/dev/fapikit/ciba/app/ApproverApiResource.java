package dev.fapikit.ciba.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.fapikit.ciba.approval.AcrRequirement;
import dev.fapikit.ciba.approval.ApprovalService;
import dev.fapikit.ciba.approval.ApprovalService.Decision;
import dev.fapikit.ciba.approval.PendingApproval;
import dev.fapikit.ciba.approval.ScopeDescriptions;
import dev.fapikit.ciba.approval.ThemeRenderer;
import dev.fapikit.ciba.rar.RequestedDetails;
import dev.fapikit.core.rar.ApprovedDetails;
import dev.fapikit.core.rar.InvalidAuthorizationDetails;
import dev.fapikit.core.rar.PaymentInitiation;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.util.MtlsHoKTokenUtil;
import org.keycloak.theme.Theme;
import org.keycloak.util.JsonSerialization;
import org.keycloak.util.TokenUtil;

/**
 * Authenticator-app API at {@code /realms/{realm}/fapi-kit-ciba/app}: an app signed in as the user (an access token of
 * this realm carrying scope {@value #SCOPE}) lists the user's pending CIBA requests and approves or denies them.
 * Errors follow RFC 6750 §3.1 for the token and answer JSON {@code {"error", "error_description"}} otherwise.
 */
public final class ApproverApiResource {

    /** The client scope an access token needs to use this API. */
    public static final String SCOPE = "fapi-kit-ciba-approver";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApprovalService approvals;

    public ApproverApiResource(KeycloakSession session, ApprovalService approvals) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.approvals = approvals;
    }

    @GET
    @Path("requests")
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        AuthResult auth = authenticate();
        Locale locale = session.getContext().resolveLocale(auth.getUser());
        Properties messages = new ThemeRenderer(session).messages(Theme.Type.LOGIN, "fapi-kit-ciba-approvals.ftl", locale);
        long now = Time.currentTime();
        List<Map<String, Object>> requests = new ArrayList<>();
        for (PendingApproval p : approvals.pendingFor(auth.getUser())) {
            ClientModel client = realm.getClientByClientId(p.clientId());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", p.id());
            r.put("client_id", p.clientId());
            r.put("client_name", client == null || client.getName() == null ? p.clientId() : client.getName());
            r.put("scope", p.scope());
            r.put("scopes", ScopeDescriptions.describe(client, p.scope(), messages).stream()
                    .map(ScopeDescriptions.Scope::asMap).toList());
            if (p.bindingMessage() != null) r.put("binding_message", p.bindingMessage());
            if (p.acrValues() != null) r.put("acr_values", p.acrValues());
            addPayments(r, p, locale);
            r.put("expires_in", p.secondsLeft(now));
            requests.add(r);
        }
        return json(Response.Status.OK, Map.of("requests", requests));
    }

    /**
     * Approves. A request with authorization details needs {@value RequestedDetails#FINGERPRINT} as listed, in a JSON
     * object body or a form body (RFC 9396 §7: proof the app showed the details); a request without them needs no body.
     */
    @POST
    @Path("requests/{id}/approve")
    @Produces(MediaType.APPLICATION_JSON)
    public Response approve(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        AuthResult auth = authenticate();
        String fingerprint;
        try {
            fingerprint = fingerprint(contentType, body);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, "invalid_request", e.getMessage());
        }
        return decide(auth, id, Decision.APPROVE, fingerprint);
    }

    /** Denies; never needs a body (a denial issues nothing). */
    @POST
    @Path("requests/{id}/deny")
    @Produces(MediaType.APPLICATION_JSON)
    public Response deny(@PathParam("id") String id) {
        return decide(authenticate(), id, Decision.DENY, null);
    }

    /** Largest approval body read; the one member it may carry is a 43-character fingerprint. */
    static final int MAX_BODY = 4096;

    /**
     * The {@value RequestedDetails#FINGERPRINT} of an approval body: a JSON object member (a string) or a form
     * parameter (once, RFC 6749 §3.1 style); null when absent, when there is no body, or for a body of another type.
     *
     * @throws IllegalArgumentException the body is malformed, with a description for the client
     */
    static String fingerprint(String contentType, String body) {
        if (body == null || body.isBlank()) return null;
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean json = type.equals(MediaType.APPLICATION_JSON) || type.endsWith("+json");
        boolean form = type.equals(MediaType.APPLICATION_FORM_URLENCODED);
        if (!json && !form) return null;
        if (body.length() > MAX_BODY) throw new IllegalArgumentException("The body is too large");
        if (json) {
            com.fasterxml.jackson.databind.JsonNode node;
            try {
                node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("The body is not JSON");
            }
            if (node == null || !node.isObject()) throw new IllegalArgumentException("The body must be a JSON object");
            com.fasterxml.jackson.databind.JsonNode member = node.get(RequestedDetails.FINGERPRINT);
            if (member == null || member.isNull()) return null;
            if (!member.isTextual()) throw new IllegalArgumentException(RequestedDetails.FINGERPRINT + " must be a string");
            return member.asText();
        }
        String found = null;
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = decodeForm(eq < 0 ? pair : pair.substring(0, eq));
            if (!RequestedDetails.FINGERPRINT.equals(name)) continue;
            if (found != null) throw new IllegalArgumentException(RequestedDetails.FINGERPRINT + " must not be repeated");
            found = eq < 0 ? "" : decodeForm(pair.substring(eq + 1));
        }
        return found == null || found.isEmpty() ? null : found;
    }

    private static String decodeForm(String s) {
        try {
            return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The form body is not URL-encoded");
        }
    }

    private Response decide(AuthResult auth, String id, Decision decision, String fingerprint) {
        // ISSUE16 §6: the app token's acr is read with the map it was minted under (its azp client's acr.loa.map, else
        // the realm's), so the level compared is the one the user reached, in the same numbers the request's own
        // client map yields for its acr_values (both are levels of the realm's authentication flow).
        int reached = reachedLevel(auth.getToken());
        return switch (approvals.decide(auth.getUser(), id, decision, requestingClientMap -> reached, fingerprint, "app")) {
            case DONE -> json(Response.Status.OK, Map.of("id", id, "status", decision == Decision.APPROVE ? "approved" : "denied"));
            case NOT_FOUND -> error(Response.Status.NOT_FOUND, "not_found", "No pending request with this id for this user");
            case ALREADY_DECIDED -> error(Response.Status.CONFLICT, "already_decided", "The request has already been decided");
            case EXPIRED -> error(Response.Status.GONE, "expired_token", "The request has expired");
            // RFC 9470 §3: the client must obtain a token with a stronger authentication (the request's acr_values).
            case LEVEL_TOO_LOW -> error(Response.Status.FORBIDDEN, "insufficient_user_authentication",
                    "The request needs a stronger authentication: acr_values=" + approvals.find(id).map(PendingApproval::acrValues).orElse(""));
            // RFC 9396 §7: nothing is decided; the request stays pending for an app that shows the details
            case DETAILS_NOT_ACKNOWLEDGED -> error(Response.Status.CONFLICT, "details_not_acknowledged",
                    "The request carries authorization_details: show them to the user and send their "
                            + RequestedDetails.FINGERPRINT + " from the listing with the approval");
            case DETAILS_UNREADABLE -> error(Response.Status.CONFLICT, "details_not_acknowledged",
                    "The request's authorization_details cannot be shown, so it cannot be approved; it can be denied");
        };
    }

    /**
     * RFC 9396: a request with {@code authorization_details} lists them as sent (the exact JSON the approval covers) and
     * each payment in words for the user's language ({@code payments}: {@code text} and its parts, the account masked).
     */
    private void addPayments(Map<String, Object> r, PendingApproval p, Locale locale) {
        String details = RequestedDetails.stored(session, realm.getId(), p.id());
        if (details == null) return;
        try {
            List<PaymentInitiation> payments = RequestedDetails.payments(details);
            r.put("authorization_details", JsonSerialization.mapper.readTree(details));
            // what an approval sends back: proof this listing's details reached the app (RFC 9396 §7)
            r.put(RequestedDetails.FINGERPRINT, ApprovedDetails.fingerprint(details));
            r.put("payments", payments.stream().map(payment -> RequestedDetails.describe(payment, locale)).toList());
        } catch (InvalidAuthorizationDetails | java.io.IOException e) {
            r.put("payments_unreadable", true);
        }
    }

    /** The level of authentication the token's acr stands for under the acr-to-LoA map it was minted with. */
    private int reachedLevel(AccessToken token) {
        ClientModel minter = token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
        Map<String, Integer> mintedWith = minter == null ? AcrUtils.getAcrLoaMap(realm) : AcrUtils.getAcrLoaMap(minter);
        return AcrRequirement.levelOf(token.getAcr(), mintedWith);
    }

    private AuthResult authenticate() {
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null || auth.getUser() == null) {
            throw new jakarta.ws.rs.WebApplicationException(invalidToken("A valid access token of this realm is required"));
        }
        // RFC 8705 §3: a certificate-bound token (cnf.x5t#S256) is used only over TLS with that certificate, as
        // Keycloak's userinfo checks it (DPoP-bound tokens are checked by the bearer authenticator above, RFC 9449 §7).
        AccessToken.Confirmation cnf = auth.getToken().getConfirmation();
        if (cnf != null && cnf.getCertThumbprint() != null
                && !MtlsHoKTokenUtil.verifyTokenBindingWithClientCertificate(auth.getToken(), session.getContext().getHttpRequest(), session)) {
            throw new jakarta.ws.rs.WebApplicationException(invalidToken("The access token is bound to a client certificate this request does not present"));
        }
        if (!TokenUtil.hasScope(auth.getToken().getScope(), SCOPE)) {
            throw new jakarta.ws.rs.WebApplicationException(error(Response.Status.FORBIDDEN, "insufficient_scope",
                    "The access token lacks scope " + SCOPE, "Bearer realm=\"" + realm.getName() + "\", error=\"insufficient_scope\", scope=\"" + SCOPE + "\""));
        }
        return auth;
    }

    private Response invalidToken(String description) {
        return error(Response.Status.UNAUTHORIZED, "invalid_token", description,
                "Bearer realm=\"" + realm.getName() + "\", error=\"invalid_token\", error_description=\"" + description + "\"");
    }

    private static Response error(Response.Status status, String error, String description) {
        return json(status, Map.of("error", error, "error_description", description));
    }

    private static Response error(Response.Status status, String error, String description, String wwwAuthenticate) {
        return Response.status(status).header(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate)
                .entity(Map.of("error", error, "error_description", description)).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").build();
    }

    private static Response json(Response.Status status, Object body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }
}
