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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.jboss.logging.Logger;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.common.util.Time;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.crypto.KeyUse;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.services.util.LocaleUtil;
import org.keycloak.theme.Theme;

import dev.fapikit.ciba.approval.ApprovalService.Decision;
import dev.fapikit.ciba.rar.RequestedDetails;
import dev.fapikit.core.rar.ApprovedDetails;
import dev.fapikit.core.rar.InvalidAuthorizationDetails;
import dev.fapikit.ciba.approval.ApprovalService.Outcome;

/**
 * The approval page at {@code /realms/{realm}/fapi-kit-ciba/approvals}. The user signs in through the realm's browser
 * flow (via {@link ApprovalClient}, checked and redeemed by {@link ApprovalSignIn}); the page then lists that user's
 * pending CIBA requests and posts decisions with a CSRF token. A request whose acr_values demand more than the
 * session's level sends the user back through the flow with an acr value the approval client's map (else the realm's)
 * puts at that level (step-up). Nothing here changes the realm. The page is drawn by the realm's login theme
 * ({@link #render}); its refresh script polls {@link #pending()}.
 */
public final class ApprovalPageResource {

    static final String TEMPLATE = "fapi-kit-ciba-approvals.ftl";
    private static final Set<String> RESULTS = Set.of("approved", "denied", "expired", "already_decided", "not_found", "level_too_low", "csrf",
            "details_not_acknowledged");

    /** CSP hash of keycloak.v2 template.ftl's language menu handler, {@code if (this.value) window.location.href=this.value}. */
    static final String LANGUAGE_MENU_HANDLER_HASH = "'sha256-2S04WPPs4QjIcYg0hCJ+x7VgjT8tAhsIDA3mr3uPuSY='";

    /**
     * The page's Content-Security-Policy: the login theme's own files (style sheets, fonts, images, the bundle's refresh
     * script) from this origin and nothing inline, except the one language-menu handler of keycloak.v2's template.ftl
     * by its hash (CSP Level 3 {@code 'unsafe-hashes'}); fetches only to this origin (the refresh script), forms posting
     * to itself, never framed. The theme's other inline scripts (dark mode, Keycloak's login-tab checks) do not run here.
     */
    public static final String CSP = "default-src 'none'; script-src 'self' 'unsafe-hashes' " + LANGUAGE_MENU_HANDLER_HASH
            + "; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final Logger LOG = Logger.getLogger(ApprovalPageResource.class);

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
    public Response page(@QueryParam("result") String result, @QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @QueryParam("error_description") String errorDescription,
            @QueryParam("response") String jarmResponse) {
        // The theme's language menu links here with kc_locale: Keycloak's own handling (its locale cookie, as on the
        // login pages) so the choice stays through the refresh and decisions. A cookie, no realm or user change.
        LocaleUtil.processLocaleParam(session, realm, null);
        ClientModel approvalClient = ApprovalClient.find(realm);
        if (approvalClient == null) {
            return errorPage(Response.Status.SERVICE_UNAVAILABLE, "no_client", "").build();
        }
        ApprovalSignIn signIn = new ApprovalSignIn(session);
        if (code != null || error != null || state != null || jarmResponse != null) {
            return completeSignIn(signIn, approvalClient, code, state, error, errorDescription, jarmResponse);
        }
        ApprovalSignIn.SignedIn signedIn = signIn.current(approvalClient);
        if (signedIn == null) {
            if (signIn.attempts() >= ApprovalSignIn.MAX_ATTEMPTS) {
                // Sign-ins keep coming back without an answer: the realm refuses them in a way the page cannot read.
                signIn.forget();
                return withCookie(errorPage(Response.Status.FORBIDDEN, "loop", ApprovalClient.CLIENT_ID), null);
            }
            return signIn(signIn, approvalClient, null);
        }
        int level = AcrStore.getCurrentLevelOfAuthentication(signedIn.clientSession());
        UserModel user = signedIn.userSession().getUser();
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
            // RFC 9396: each payment the request carries, in words (shown escaped, as text)
            List<String> payments = payments(p, locale);
            r.put("payments", payments == null ? List.of() : payments);
            r.put("paymentsUnreadable", payments == null);
            // RFC 9396 §7: the form sends back the fingerprint of the details shown above, which an approval needs
            String details = payments == null ? null : RequestedDetails.stored(session, realm.getId(), p.id());
            r.put("detailsFingerprint", details == null ? "" : ApprovedDetails.fingerprint(details));
            r.put("secondsLeft", p.secondsLeft(now));
            r.put("needsStepUp", approvals.requiredLevel(p) > 0 && level < approvals.requiredLevel(p));
            r.put("stepUpUrl", UriBuilder.fromUri(pageUri()).path("step-up").path(p.id()).build().toString());
            r.put("actionUrl", UriBuilder.fromUri(pageUri()).path(p.id()).build().toString());
            requests.add(r);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("requests", requests);
        model.put("username", user.getUsername());
        model.put("csrfToken", CsrfToken.issue(csrfKey(), signedIn.userSession().getId()));
        model.put("result", result != null && RESULTS.contains(result) ? result : "");
        model.put("signInError", "");
        return strictHeaders(noStore(render(Response.Status.OK, user, model))).build();
    }

    /**
     * The ids of the signed-in user's pending requests, for the page's refresh script (same origin, the page's session
     * cookie): {@code {"requests":[...]}}, 401 without a page session. Reads only; changes nothing.
     */
    @GET
    @Path("pending")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pending() {
        ClientModel approvalClient = ApprovalClient.find(realm);
        ApprovalSignIn.SignedIn signedIn = approvalClient == null ? null : new ApprovalSignIn(session).current(approvalClient);
        if (signedIn == null) {
            return strictHeaders(noStore(Response.status(Response.Status.UNAUTHORIZED)
                    .entity(Map.of("error", "login_required")).type(MediaType.APPLICATION_JSON_TYPE))).build();
        }
        List<String> ids = approvals.pendingFor(signedIn.userSession().getUser()).stream().map(PendingApproval::id).toList();
        return strictHeaders(noStore(Response.ok(Map.of("requests", ids), MediaType.APPLICATION_JSON_TYPE))).build();
    }

    /**
     * Renders the page with the realm's login theme (Keycloak's {@link LoginFormsProvider}: keycloak.v2's
     * {@code template.ftl} or a custom theme's, its messages and style sheets); the template itself comes from the
     * bundle's {@code theme-resources} unless the theme has its own.
     */
    private Response.ResponseBuilder render(Response.Status status, UserModel user, Map<String, Object> model) {
        LoginFormsProvider forms = session.getProvider(LoginFormsProvider.class);
        if (user != null) forms.setUser(user);
        model.put("pageUrl", pageUri().toString());
        model.put("pendingUrl", UriBuilder.fromUri(pageUri()).path("pending").build().toString());
        model.forEach(forms::setAttribute);
        Response rendered = forms.setStatus(status).createForm(TEMPLATE);
        if (rendered.getStatus() == Response.Status.INTERNAL_SERVER_ERROR.getStatusCode() && status != Response.Status.INTERNAL_SERVER_ERROR) {
            throw new IllegalStateException("Cannot render FAPI Kit template " + TEMPLATE + " with the realm's login theme");
        }
        return Response.fromResponse(rendered);
    }

    /** Back from the realm's browser flow: the sign-in this browser started, or a refusal page (never a new redirect). */
    private Response completeSignIn(ApprovalSignIn signIn, ClientModel approvalClient, String code, String state, String error,
            String errorDescription, String jarmResponse) {
        if (code == null && error == null && state == null) {
            // RFC 9101 JARM wraps the answer (and state) in a JWT: only a policy forcing JARM on this client does that.
            signIn.forget();
            return withCookie(errorPage(Response.Status.FORBIDDEN, "refused", "response_mode=jwt is required by a client policy"), null);
        }
        ApprovalSignIn.Completion done = signIn.complete(approvalClient, pageUri(), code, state, error, errorDescription);
        if (done.failure() != null) {
            LOG.infof("Approval page sign-in in realm %s not completed (%s): %s", realm.getName(), done.failure(), done.detail());
            return switch (done.failure()) {
                // Login CSRF (RFC 6749 §10.12): nothing about this browser's sign-in changes.
                case NOT_STARTED_HERE -> errorPage(Response.Status.BAD_REQUEST, "not_started_here", "").build();
                case REFUSED -> withCookie(errorPage(Response.Status.FORBIDDEN, "refused", done.detail()), null);
                case INVALID_CODE -> withCookie(errorPage(Response.Status.BAD_REQUEST, "invalid_code", ""), null);
            };
        }
        // The code is redeemed: drop it from the address bar and carry the page session in a fresh cookie value.
        return noStore(Response.seeOther(pageUri()))
                .header(HttpHeaders.SET_COOKIE, ApprovalSignIn.setCookie(ApprovalSignIn.SESSION_COOKIE, cookiePath(), done.cookieValue(), -1))
                .header(HttpHeaders.SET_COOKIE, ApprovalSignIn.setCookie(ApprovalSignIn.COOKIE, cookiePath(), null, 0)).build();
    }

    /** Step-up: back through the browser flow with an acr value the realm maps to the level the request needs. */
    @GET
    @Path("step-up/{id}")
    public Response stepUp(@PathParam("id") String id) {
        ClientModel approvalClient = ApprovalClient.find(realm);
        if (approvalClient == null) {
            return errorPage(Response.Status.SERVICE_UNAVAILABLE, "no_client", "").build();
        }
        ApprovalSignIn signIn = new ApprovalSignIn(session);
        ApprovalSignIn.SignedIn signedIn = signIn.current(approvalClient);
        // Only the request's own user learns what it needs; the approval client's map (else the realm's) is the one
        // the step-up sign-in is minted with, the request's client map the one its level is required in (ISSUE16 §6).
        String acr = signedIn == null ? null : approvals.find(id)
                .filter(p -> p.userId().equals(signedIn.userSession().getUser().getId()))
                .map(p -> AcrRequirement.acrValueFor(approvals.requiredLevel(p), AcrUtils.getAcrLoaMap(approvalClient)))
                .orElse(null);
        return signIn(signIn, approvalClient, acr);
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("id") String id, @FormParam("decision") String decision, @FormParam("csrf") String csrf,
            @FormParam(RequestedDetails.FINGERPRINT) String detailsFingerprint) {
        ClientModel approvalClient = ApprovalClient.find(realm);
        if (approvalClient == null) {
            return errorPage(Response.Status.SERVICE_UNAVAILABLE, "no_client", "").build();
        }
        ApprovalSignIn signIn = new ApprovalSignIn(session);
        ApprovalSignIn.SignedIn signedIn = signIn.current(approvalClient);
        if (signedIn == null) {
            return signIn(signIn, approvalClient, null);
        }
        if (!CsrfToken.matches(csrfKey(), signedIn.userSession().getId(), csrf)) {
            return Response.status(Response.Status.FORBIDDEN).entity(
                    "Missing or invalid CSRF token").type(MediaType.TEXT_PLAIN_TYPE).build();
        }
        Decision d;
        if ("approve".equals(decision)) d = Decision.APPROVE;
        else if ("deny".equals(decision)) d = Decision.DENY;
        else return Response.status(Response.Status.BAD_REQUEST).entity("decision must be approve or deny").type(MediaType.TEXT_PLAIN_TYPE).build();
        // The level the flow recorded for this sign-in (the realm flow's LoA numbers, which every acr.loa.map maps to).
        int level = AcrStore.getCurrentLevelOfAuthentication(signedIn.clientSession());
        Outcome outcome = approvals.decide(signedIn.userSession().getUser(), id, d, map -> level,
                detailsFingerprint == null || detailsFingerprint.isEmpty() ? null : detailsFingerprint, "page");
        String result = switch (outcome) {
            case DONE -> d == Decision.APPROVE ? "approved" : "denied";
            case EXPIRED -> "expired";
            case ALREADY_DECIDED -> "already_decided";
            case NOT_FOUND -> "not_found";
            case LEVEL_TOO_LOW -> "level_too_low";
            // nothing decided: the page shows the request again, with what it carries
            case DETAILS_NOT_ACKNOWLEDGED, DETAILS_UNREADABLE -> "details_not_acknowledged";
        };
        return Response.seeOther(UriBuilder.fromUri(pageUri()).queryParam("result", result).build()).build();
    }

    private Response signIn(ApprovalSignIn signIn, ClientModel approvalClient, String acrValues) {
        String[] cookie = new String[1];
        URI auth = signIn.start(approvalClient, pageUri(), acrValues, cookie);
        String refusal = signIn.policyRefusal(approvalClient, auth);
        if (refusal != null) {
            // ISSUE16 §4: the realm's client policies refuse the page's own sign-in; say so instead of a loop.
            signIn.forget(cookie[0]);
            LOG.infof("Approval page sign-in in realm %s refused by client policies: %s", realm.getName(), refusal);
            return withCookie(errorPage(Response.Status.FORBIDDEN, "refused", refusal), null);
        }
        return noStore(Response.seeOther(auth))
                .header(HttpHeaders.SET_COOKIE, ApprovalSignIn.setCookie(ApprovalSignIn.COOKIE, cookiePath(), cookie[0], signIn.signInLifespan())).build();
    }

    /** The page's answer when it cannot sign the user in, naming the cause (ISSUE16 §4: never a redirect loop). */
    private Response.ResponseBuilder errorPage(Response.Status status, String reason, String detail) {
        Map<String, Object> model = new HashMap<>();
        model.put("requests", List.of());
        model.put("username", "");
        model.put("csrfToken", "");
        model.put("result", "");
        model.put("signInError", reason);
        model.put("signInErrorDetail", detail == null ? "" : detail);
        model.put("approvalClientId", ApprovalClient.CLIENT_ID);
        return strictHeaders(noStore(render(status, null, model)));
    }

    private Response withCookie(Response.ResponseBuilder builder, String value) {
        // An empty value with Max-Age=0 removes the cookie (RFC 6265 §5.3 step 11).
        return builder.header(HttpHeaders.SET_COOKIE, ApprovalSignIn.setCookie(ApprovalSignIn.COOKIE, cookiePath(), value, 0)).build();
    }

    /**
     * The page's own security headers, which Keycloak's {@link SecurityHeadersProvider} would otherwise replace by the
     * realm's defaults (OWASP secure headers: a page that decides sign-ins is never framed, loads nothing foreign).
     */
    private Response.ResponseBuilder strictHeaders(Response.ResponseBuilder builder) {
        SecurityHeadersProvider headers = session.getProvider(SecurityHeadersProvider.class);
        if (headers != null) headers.options().skipHeaders();
        return builder
                .header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "none")
                .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }

    private String cookiePath() {
        return session.getContext().getUri().getBaseUri().getPath().replaceAll("/+$", "") + ApprovalClient.pagePath(realm);
    }

    private URI pageUri() {
        return session.getContext().getUri().getBaseUriBuilder().path(ApprovalClient.pagePath(realm)).build();
    }

    private SecretKey csrfKey() {
        return session.keys().getActiveKey(realm, KeyUse.SIG, Constants.INTERNAL_SIGNATURE_ALGORITHM).getSecretKey();
    }

    /** The request's payments in words; empty without authorization_details, null when they cannot be read. */
    private List<String> payments(PendingApproval p, Locale locale) {
        String details = RequestedDetails.stored(session, realm.getId(), p.id());
        if (details == null) return List.of();
        try {
            return RequestedDetails.sentences(details, locale);
        } catch (InvalidAuthorizationDetails e) {
            LOG.warnf("CIBA request %s: stored authorization_details cannot be shown: %s", p.id(), e.getMessage());
            return null;
        }
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
