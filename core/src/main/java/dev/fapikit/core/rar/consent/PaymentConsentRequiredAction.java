package dev.fapikit.core.rar.consent;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.models.ClientModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.fapikit.core.rar.ApprovedDetails;
import dev.fapikit.core.rar.InvalidAuthorizationDetails;

/**
 * The consent step: after the user signed in (with a password, a second factor, an identity provider or the SSO cookie:
 * Keycloak evaluates every enabled required action's trigger once the browser flow is done), an authorization request
 * with {@code authorization_details} shows them in words; Approve records {@link ApprovedDetails#NOTE} for exactly that
 * string in the auth session's client notes (Keycloak copies them into the client session the code belongs to), Deny
 * ends the request with {@code access_denied} and a description through the login protocol (RFC 6749 §4.1.2.1; a JARM
 * client gets it as JARM).
 */
final class PaymentConsentRequiredAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(PaymentConsentRequiredAction.class);

    static final String TEMPLATE = "fapi-kit-payment-consent.ftl";

    /** {@code error_description} for the client and event detail {@link Details#REASON} of a denial. */
    static final String DENIED = "the user denied the authorization_details (RFC 9396 §7)";

    /** The same for details the page cannot show. */
    static final String UNSHOWABLE = "the authorization_details cannot be shown to the user, so they were not approved";

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.NOT_SUPPORTED; // only an authorization request with details starts it, never kc_action
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        if (auth == null) {
            return;
        }
        if (auth.getClientNote(ApprovedDetails.DETAILS_NOTE) == null) {
            // Keycloak copies client notes into an existing client session without clearing it: mark that this sign-in
            // asked for no details, so that an earlier request's details left there reach no token
            auth.setClientNote(ApprovedDetails.NOTE, ApprovedDetails.NONE);
        } else if (pending(auth, context.getUser() == null ? null : context.getUser().getId())) {
            auth.addRequiredAction(PaymentConsentRequiredActionFactory.PROVIDER_ID);
        }
    }

    /** Details in the request that the user {@code userId} has not approved in this authentication session. */
    static boolean pending(AuthenticationSessionModel auth, String userId) {
        String details = auth.getClientNote(ApprovedDetails.DETAILS_NOTE);
        return details != null && !ApprovedDetails.approvedBy(auth.getClientNote(ApprovedDetails.NOTE), userId, details);
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        String details = context.getAuthenticationSession().getClientNote(ApprovedDetails.DETAILS_NOTE);
        if (details == null) {
            context.success();
            return;
        }
        Response page = page(context, details, null);
        if (page != null) {
            context.challenge(page);
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        String details = auth.getClientNote(ApprovedDetails.DETAILS_NOTE);
        if (details == null) {
            context.success();
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        ConsentDecision decision = ConsentDecision.of(form.getFirst(ConsentDecision.APPROVE_FIELD),
                form.getFirst(ConsentDecision.DENY_FIELD), form.getFirst(ConsentDecision.FINGERPRINT_FIELD), details);
        switch (decision) {
            case APPROVED -> {
                auth.setClientNote(ApprovedDetails.NOTE, ApprovedDetails.approval(context.getUser().getId(), details));
                context.success();
            }
            case DENIED -> {
                context.getEvent().detail(Details.REASON, DENIED);
                context.failure(DENIED);
            }
            case STALE -> {
                Response page = page(context, details, "fapiKitPaymentConsentChanged");
                if (page != null) {
                    context.challenge(page);
                }
            }
            case NONE -> {
                Response page = page(context, details, null);
                if (page != null) {
                    context.challenge(page);
                }
            }
        }
    }

    /** The consent page, or null after failing the request when the details cannot be shown. */
    private Response page(RequiredActionContext context, String details, String error) {
        Locale locale = context.getSession().getContext().resolveLocale(context.getUser());
        List<Map<String, String>> lines;
        try {
            lines = ConsentPage.lines(details, locale);
        } catch (InvalidAuthorizationDetails e) {
            // checked at the authorization request already: nothing the user cannot read is approved
            LOG.warnf("payment consent: %s; the request is denied", e.getMessage());
            context.getEvent().detail(Details.REASON, UNSHOWABLE);
            context.failure(UNSHOWABLE);
            return null;
        }
        return context.form()
                .setAttribute("actionUrl", context.getActionUrl().toString())
                .setAttribute("fingerprint", ApprovedDetails.fingerprint(details))
                .setAttribute("lines", lines)
                .setAttribute("clientName", clientName(context.getAuthenticationSession().getClient()))
                .setAttribute("error", error == null ? "" : error)
                .setResponseHeader("Cache-Control", "no-store")
                .createForm(TEMPLATE);
    }

    /** The client's name, else its client_id; shown escaped (a registered name is client input). */
    static String clientName(ClientModel client) {
        String name = client.getName();
        return name == null || name.isBlank() ? client.getClientId() : name;
    }

    @Override
    public void close() {
    }
}
