package dev.fapikit.ciba.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.ws.rs.GET;
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

    @POST
    @Path("requests/{id}/approve")
    @Produces(MediaType.APPLICATION_JSON)
    public Response approve(@PathParam("id") String id) {
        return decide(id, Decision.APPROVE);
    }

    @POST
    @Path("requests/{id}/deny")
    @Produces(MediaType.APPLICATION_JSON)
    public Response deny(@PathParam("id") String id) {
        return decide(id, Decision.DENY);
    }

    private Response decide(String id, Decision decision) {
        AuthResult auth = authenticate();
        // ISSUE16 §6: the app token's acr is read with the map it was minted under (its azp client's acr.loa.map, else
        // the realm's), so the level compared is the one the user reached, in the same numbers the request's own
        // client map yields for its acr_values (both are levels of the realm's authentication flow).
        int reached = reachedLevel(auth.getToken());
        return switch (approvals.decide(auth.getUser(), id, decision, requestingClientMap -> reached, "app")) {
            case DONE -> json(Response.Status.OK, Map.of("id", id, "status", decision == Decision.APPROVE ? "approved" : "denied"));
            case NOT_FOUND -> error(Response.Status.NOT_FOUND, "not_found", "No pending request with this id for this user");
            case ALREADY_DECIDED -> error(Response.Status.CONFLICT, "already_decided", "The request has already been decided");
            case EXPIRED -> error(Response.Status.GONE, "expired_token", "The request has expired");
            // RFC 9470 §3: the client must obtain a token with a stronger authentication (the request's acr_values).
            case LEVEL_TOO_LOW -> error(Response.Status.FORBIDDEN, "insufficient_user_authentication",
                    "The request needs a stronger authentication: acr_values=" + approvals.find(id).map(PendingApproval::acrValues).orElse(""));
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
