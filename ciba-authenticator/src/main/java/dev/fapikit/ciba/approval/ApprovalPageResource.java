package dev.fapikit.ciba.approval;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import javax.crypto.SecretKey;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.KeyUse;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.utils.PkceUtils;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.theme.Theme;

import dev.fapikit.ciba.approval.ApprovalService.Decision;
import dev.fapikit.ciba.approval.ApprovalService.Outcome;

/**
 * The approval page at {@code /realms/{realm}/fapi-kit-ciba/approvals}. The user signs in through the realm's browser
 * flow (via {@link ApprovalClient}); the page then lists that user's pending CIBA requests and posts decisions with a
 * CSRF token. A request whose acr_values demand more than the session's level sends the user back through the flow
 * with those acr_values (step-up).
 */
public final class ApprovalPageResource {

    static final String TEMPLATE = "fapi-kit-ciba-approvals.ftl";
    private static final Set<String> RESULTS = Set.of("approved", "denied", "expired", "already_decided", "not_found", "level_too_low", "csrf");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApprovalService approvals;

    public ApprovalPageResource(KeycloakSession session, ApprovalService approvals) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.approvals = approvals;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("result") String result, @QueryParam("code") String code, @QueryParam("error") String error) {
        if (code != null || error != null) {
            // Back from the browser flow: the identity cookie now carries the sign-in; drop the code from the URL.
            return Response.seeOther(pageUri()).build();
        }
        ClientModel approvalClient = ApprovalClient.ensure(session, realm);
        AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        AuthenticatedClientSessionModel clientSession = auth == null || approvalClient == null ? null
                : auth.session().getAuthenticatedClientSessionByClient(approvalClient.getId());
        if (clientSession == null) {
            return signIn(null);
        }
        int level = AcrStore.getCurrentLevelOfAuthentication(clientSession);
        UserModel user = auth.user();
        Locale locale = session.getContext().resolveLocale(user);
        ThemeRenderer renderer = new ThemeRenderer(session);
        Properties messages = renderer.messages(Theme.Type.LOGIN, TEMPLATE, locale);
        long now = Time.currentTime();
        List<Map<String, Object>> requests = new ArrayList<>();
        for (PendingApproval p : approvals.pendingFor(user)) {
            ClientModel client = realm.getClientByClientId(p.clientId());
            Map<String, Object> r = new HashMap<>();
            r.put("id", p.id());
            r.put("clientName", client == null ? p.clientId() : resolve(client.getName() == null ? p.clientId() : client.getName(), messages));
            r.put("scopes", ScopeDescriptions.describe(client, p.scope(), messages).stream().map(ScopeDescriptions.Scope::asMap).toList());
            r.put("bindingMessage", p.bindingMessage() == null ? "" : p.bindingMessage());
            r.put("secondsLeft", p.secondsLeft(now));
            r.put("needsStepUp", approvals.requiredLevel(p) > 0 && level < approvals.requiredLevel(p));
            r.put("stepUpUrl", UriBuilder.fromUri(pageUri()).path("step-up").path(p.id()).build().toString());
            r.put("actionUrl", UriBuilder.fromUri(pageUri()).path(p.id()).build().toString());
            requests.add(r);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("requests", requests);
        model.put("username", user.getUsername());
        model.put("csrfToken", CsrfToken.issue(csrfKey(), auth.session().getId()));
        model.put("result", result != null && RESULTS.contains(result) ? result : "");
        model.put("pageUrl", pageUri().toString());
        String html = renderer.render(Theme.Type.LOGIN, TEMPLATE, model, locale).body();
        return noStore(Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")))
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
                .build();
    }

    /** Step-up: back through the browser flow with the request's acr_values (OIDC Core §3.1.2.1). */
    @GET
    @Path("step-up/{id}")
    public Response stepUp(@PathParam("id") String id) {
        String acr = approvals.find(id).map(PendingApproval::acrValues).orElse(null);
        return signIn(acr);
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("id") String id, @FormParam("decision") String decision, @FormParam("csrf") String csrf) {
        ClientModel approvalClient = ApprovalClient.ensure(session, realm);
        AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        AuthenticatedClientSessionModel clientSession = auth == null || approvalClient == null ? null
                : auth.session().getAuthenticatedClientSessionByClient(approvalClient.getId());
        if (clientSession == null) {
            return signIn(null);
        }
        if (!CsrfToken.matches(csrfKey(), auth.session().getId(), csrf)) {
            return Response.status(Response.Status.FORBIDDEN).entity(
                    "Missing or invalid CSRF token").type(MediaType.TEXT_PLAIN_TYPE).build();
        }
        Decision d;
        if ("approve".equals(decision)) d = Decision.APPROVE;
        else if ("deny".equals(decision)) d = Decision.DENY;
        else return Response.status(Response.Status.BAD_REQUEST).entity("decision must be approve or deny").type(MediaType.TEXT_PLAIN_TYPE).build();
        int level = AcrStore.getCurrentLevelOfAuthentication(clientSession);
        Outcome outcome = approvals.decide(auth.user(), id, d, map -> level, "page");
        String result = switch (outcome) {
            case DONE -> d == Decision.APPROVE ? "approved" : "denied";
            case EXPIRED -> "expired";
            case ALREADY_DECIDED -> "already_decided";
            case NOT_FOUND -> "not_found";
            case LEVEL_TOO_LOW -> "level_too_low";
        };
        return Response.seeOther(UriBuilder.fromUri(pageUri()).queryParam("result", result).build()).build();
    }

    private Response signIn(String acrValues) {
        UriBuilder auth = OIDCLoginProtocolService.authUrl(session.getContext().getUri().getBaseUriBuilder())
                .queryParam("client_id", ApprovalClient.CLIENT_ID)
                .queryParam("redirect_uri", pageUri().toString())
                .queryParam("response_type", "code")
                .queryParam("scope", "openid")
                .queryParam("state", PkceUtils.generateCodeVerifier())
                .queryParam("code_challenge", PkceUtils.encodeCodeChallenge(PkceUtils.generateCodeVerifier(), "S256"))
                .queryParam("code_challenge_method", "S256");
        if (acrValues != null && !acrValues.isBlank()) auth.queryParam("acr_values", acrValues);
        return noStore(Response.seeOther(auth.build(realm.getName()))).build();
    }

    private URI pageUri() {
        return session.getContext().getUri().getBaseUriBuilder().path(ApprovalClient.pagePath(realm)).build();
    }

    private SecretKey csrfKey() {
        return session.keys().getActiveKey(realm, KeyUse.SIG, Constants.INTERNAL_SIGNATURE_ALGORITHM).getSecretKey();
    }

    private static String resolve(String text, Properties messages) {
        return ScopeDescriptions.resolve(text, messages);
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder builder) {
        CacheControl cc = new CacheControl();
        cc.setNoStore(true);
        cc.setNoCache(true);
        return builder.cacheControl(cc);
    }
}
