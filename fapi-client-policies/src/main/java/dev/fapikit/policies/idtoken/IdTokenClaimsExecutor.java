package dev.fapikit.policies.idtoken;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fapikit.core.policy.ConfiguredExecutor;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.representations.AddressClaimSet;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ImplicitHybridTokenResponse;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Trims the ID token of a token response (authorization code, refresh, CIBA) and of a hybrid authorization response
 * before Keycloak signs it. Runs on the {@code *_RESPONSE} client policy events, whose context hands over Keycloak's
 * {@link TokenManager.AccessTokenResponseBuilder} after its protocol mappers have run.
 * <ul>
 * <li>OpenID Connect Core §5.4: the claims a scope value requests ({@code profile}, {@code email}, {@code address},
 * {@code phone}) are for a request that named the scope; §5.5: the {@code claims} parameter's {@code id_token} member
 * asks for single claims. A standard claim (§5.1) that neither asked for is removed. Keycloak adds the claims of every
 * <em>default</em> client scope whether requested or not.</li>
 * <li>{@code typ} (Keycloak's token type, {@code "ID"}) and {@code sid} (OpenID Connect Front-Channel Logout 1.0 §3,
 * Back-Channel Logout 1.0 §2.1) serve logout only; they stay for a client registered for logout.</li>
 * </ul>
 */
final class IdTokenClaimsExecutor extends ConfiguredExecutor<IdTokenClaimsExecutor.Configuration> {

    private static final Logger LOG = Logger.getLogger(IdTokenClaimsExecutor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** OpenID Connect Core §5.4: the claims each scope value requests. */
    static final Map<String, List<String>> SCOPE_CLAIMS = Map.of(
            "profile", List.of(IDToken.NAME, IDToken.FAMILY_NAME, IDToken.GIVEN_NAME, IDToken.MIDDLE_NAME, IDToken.NICKNAME,
                    IDToken.PREFERRED_USERNAME, IDToken.PROFILE, IDToken.PICTURE, IDToken.WEBSITE, IDToken.GENDER,
                    IDToken.BIRTHDATE, IDToken.ZONEINFO, IDToken.LOCALE, IDToken.UPDATED_AT),
            "email", List.of(IDToken.EMAIL, IDToken.EMAIL_VERIFIED),
            "address", List.of(IDToken.ADDRESS),
            "phone", List.of(IDToken.PHONE_NUMBER, IDToken.PHONE_NUMBER_VERIFIED));

    /** How to clear each standard claim: Keycloak's mappers write either the typed field or the other-claims map. */
    private static final Map<String, Consumer<IDToken>> CLEAR = Map.ofEntries(
            Map.entry(IDToken.NAME, t -> t.setName(null)),
            Map.entry(IDToken.FAMILY_NAME, t -> t.setFamilyName(null)),
            Map.entry(IDToken.GIVEN_NAME, t -> t.setGivenName(null)),
            Map.entry(IDToken.MIDDLE_NAME, t -> t.setMiddleName(null)),
            Map.entry(IDToken.NICKNAME, t -> t.setNickName(null)),
            Map.entry(IDToken.PREFERRED_USERNAME, t -> t.setPreferredUsername(null)),
            Map.entry(IDToken.PROFILE, t -> t.setProfile(null)),
            Map.entry(IDToken.PICTURE, t -> t.setPicture(null)),
            Map.entry(IDToken.WEBSITE, t -> t.setWebsite(null)),
            Map.entry(IDToken.GENDER, t -> t.setGender(null)),
            Map.entry(IDToken.BIRTHDATE, t -> t.setBirthdate(null)),
            Map.entry(IDToken.ZONEINFO, t -> t.setZoneinfo(null)),
            Map.entry(IDToken.LOCALE, t -> t.setLocale(null)),
            Map.entry(IDToken.UPDATED_AT, t -> t.setUpdatedAt(null)),
            Map.entry(IDToken.EMAIL, t -> t.setEmail(null)),
            Map.entry(IDToken.EMAIL_VERIFIED, t -> t.setEmailVerified(null)),
            Map.entry(IDToken.ADDRESS, t -> t.setAddress((AddressClaimSet) null)),
            Map.entry(IDToken.PHONE_NUMBER, t -> t.setPhoneNumber(null)),
            Map.entry(IDToken.PHONE_NUMBER_VERIFIED, t -> t.setPhoneNumberVerified(null)));

    static final String ATTR_POST_LOGOUT_REDIRECT_URIS = "post.logout.redirect.uris";
    static final String ATTR_FRONTCHANNEL_LOGOUT_URL = "frontchannel.logout.url";
    static final String ATTR_BACKCHANNEL_LOGOUT_URL = "backchannel.logout.url";

    IdTokenClaimsExecutor() {
        super(IdTokenClaimsExecutorFactory.PROVIDER_ID, Configuration.class, Configuration::new);
    }

    /** Settings of one {@value IdTokenClaimsExecutorFactory#PROVIDER_ID} executor in a client profile; both on unless set off. */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

        @JsonProperty(IdTokenClaimsExecutorFactory.ONLY_REQUESTED_SCOPES)
        private Boolean onlyRequestedScopes;

        @JsonProperty(IdTokenClaimsExecutorFactory.LOGOUT_CLAIMS)
        private Boolean logoutClaims;

        boolean onlyRequestedScopes() {
            return !Boolean.FALSE.equals(onlyRequestedScopes);
        }

        boolean logoutClaims() {
            return !Boolean.FALSE.equals(logoutClaims);
        }
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case TOKEN_RESPONSE -> {
                TokenResponseContext c = (TokenResponseContext) context;
                trim(c.getAccessTokenResponseBuilder(), c.getClientSession(), null);
            }
            case TOKEN_REFRESH_RESPONSE -> {
                TokenRefreshResponseContext c = (TokenRefreshResponseContext) context;
                trim(c.getAccessTokenResponseBuilder(), c.getClientSession(), null);
            }
            case IMPLICIT_HYBRID_TOKEN_RESPONSE -> {
                ImplicitHybridTokenResponse c = (ImplicitHybridTokenResponse) context;
                trim(c.getAccessTokenResponseBuilder(), clientSession(c.getClientSessionContext()), c.getAuthenticationSession());
            }
            case BACKCHANNEL_TOKEN_RESPONSE -> {
                if (context instanceof BackchannelTokenResponseContext c) {
                    trim(c.getAccessTokenResponseBuilder(), clientSession(c.getClientSessionContext()), null);
                }
            }
            default -> {
            }
        }
    }

    private static AuthenticatedClientSessionModel clientSession(ClientSessionContext ctx) {
        return ctx == null ? null : ctx.getClientSession();
    }

    void trim(TokenManager.AccessTokenResponseBuilder builder, AuthenticatedClientSessionModel clientSession,
            AuthenticationSessionModel authSession) {
        IDToken idToken = builder == null ? null : builder.getIdToken();
        if (idToken == null || clientSession == null) return;
        ClientModel client = clientSession.getClient();
        if (configuration.logoutClaims() && !registeredForLogout(client)) {
            idToken.type(null);
            idToken.setSessionId(null);
            idToken.getOtherClaims().remove(IDToken.SESSION_ID);
        }
        if (configuration.onlyRequestedScopes()) {
            String scope = note(clientSession, authSession, "scope");
            if (scope == null) return; // what was requested is unknown: keep Keycloak's token
            Set<String> keep = new HashSet<>(idTokenClaimsRequested(note(clientSession, authSession, "claims")));
            for (String s : scope.trim().split("\\s+")) {
                keep.addAll(SCOPE_CLAIMS.getOrDefault(s, List.of()));
            }
            for (Map.Entry<String, Consumer<IDToken>> e : CLEAR.entrySet()) {
                if (keep.contains(e.getKey())) continue;
                e.getValue().accept(idToken);
                idToken.getOtherClaims().remove(e.getKey());
            }
        }
    }

    private static String note(AuthenticatedClientSessionModel clientSession, AuthenticationSessionModel authSession, String name) {
        String value = clientSession.getNote(name);
        if (value == null && authSession != null) value = authSession.getClientNote(name);
        return value;
    }

    /** The member names of the {@code claims} parameter's {@code id_token} object (OpenID Connect Core §5.5). */
    static Set<String> idTokenClaimsRequested(String claimsParameter) {
        Set<String> names = new HashSet<>();
        if (claimsParameter == null || claimsParameter.isBlank()) return names;
        try {
            JsonNode idToken = JSON.readTree(claimsParameter).path("id_token");
            if (idToken.isObject()) idToken.fieldNames().forEachRemaining(names::add);
        } catch (Exception e) {
            // Keycloak accepted the request; a claims value it could not parse here asks for nothing in particular
            LOG.debugf("claims parameter not parsed: %s", e.getMessage());
        }
        return names;
    }

    /**
     * Post-logout redirect URIs, or a front- or back-channel logout URL, registered (RP-Initiated, Front- and
     * Back-Channel Logout 1.0). Keycloak's {@code +} ("the redirect URIs") is the value Keycloak gives every new
     * client, so alone it says nothing about the client logging out: only a URI the client or admin registered counts.
     */
    static boolean registeredForLogout(ClientModel client) {
        if (client == null) return true;
        return registered(client.getAttribute(ATTR_POST_LOGOUT_REDIRECT_URIS))
                || client.isFrontchannelLogout() && present(client.getAttribute(ATTR_FRONTCHANNEL_LOGOUT_URL))
                || present(client.getAttribute(ATTR_BACKCHANNEL_LOGOUT_URL));
    }

    private static boolean present(String value) {
        return value != null && !Arrays.stream(value.split("##")).allMatch(String::isBlank);
    }

    /** At least one post-logout redirect URI other than Keycloak's default {@code +}. */
    static boolean registered(String postLogoutRedirectUris) {
        return postLogoutRedirectUris != null
                && Arrays.stream(postLogoutRedirectUris.split("##")).map(String::trim).anyMatch(v -> !v.isEmpty() && !"+".equals(v));
    }
}
