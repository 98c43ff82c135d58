package dev.fapikit.ciba.grant;

import java.util.List;
import java.util.Map;

import dev.fapikit.ciba.events.CibaEvents;
import dev.fapikit.ciba.events.Refusal;
import dev.fapikit.ciba.rar.DetailsInTokens;
import dev.fapikit.ciba.rar.RequestedDetails;
import dev.fapikit.core.rar.InvalidAuthorizationDetails;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.TokenCategory;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.HashProvider;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.jose.jws.crypto.HashUtils;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.CibaConfig;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantType;
import org.keycloak.protocol.oidc.grants.ciba.channel.CIBAAuthenticationRequest;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.IDToken;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenRequestContext;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.managers.UserConsentManager;

/**
 * Keycloak's CIBA grant (CIBA Core 1.0 §10.1-10.3) with three corrections, and the token minting of push mode.
 * <ul>
 * <li>The polling interval governs pending requests only: once the user decided, the result is answered at once,
 * whatever the time since the last poll (§10.2: a ping client fetches right after the notification).</li>
 * <li>The first consent of a user for a client is created once, even when several approved requests reach the grant
 * at the same moment on any node (stock Keycloak stores one consent each, after which every grant fails).</li>
 * <li>A push-mode client is refused at the token endpoint (§10.3: its tokens are delivered to it).</li>
 * </ul>
 * In push mode the same grant runs inside the approval, with the certificate thumbprint recorded at the backchannel
 * request, and its ID token carries {@code urn:openid:params:jwt:claim:auth_req_id} and {@code ...:rt_hash}
 * (§10.3.1).
 */
public class FapiKitCibaGrantType extends CibaGrantType {

    /** CIBA Core §10.3.1: the ID token of a push result names its request. */
    public static final String CLAIM_AUTH_REQ_ID = "urn:openid:params:jwt:claim:auth_req_id";
    /** CIBA Core §10.3.1: hash of the refresh token, computed as at_hash (OIDC Core §3.1.3.6). */
    public static final String CLAIM_RT_HASH = "urn:openid:params:jwt:claim:rt_hash";

    /** How long a first-consent claim blocks others; it is released when its holder's transaction ends. */
    static final int CONSENT_CLAIM_SECONDS = 10;
    private static final long CONSENT_WAIT_STEP_MS = 25;

    private static final Logger LOG = Logger.getLogger(FapiKitCibaGrantType.class);

    private final String pushAuthReqId;
    private final String pushCertThumbprint;
    private TokenManager.AccessTokenResponseBuilder responseBuilder;
    private String subjectId;
    private CIBAAuthenticationRequest authRequest;
    private String approvedDetails;

    /** The grant at the token endpoint. */
    public FapiKitCibaGrantType() {
        this(null, null);
    }

    /** The grant run at approval for a push-mode request, binding to {@code certThumbprint} when the client binds tokens. */
    FapiKitCibaGrantType(String pushAuthReqId, String certThumbprint) {
        this.pushAuthReqId = pushAuthReqId;
        this.pushCertThumbprint = certThumbprint;
    }

    @Override
    public Response process(Context context) {
        setContext(context);
        if (pushAuthReqId == null && CibaConfig.CIBA_PUSH_MODE.equals(realm.getCibaPolicy().getBackchannelTokenDeliveryMode(client))) {
            // CIBA Core §10.3: the push client receives its tokens at its notification endpoint; RFC 6749 §5.2.
            String message = "The client is registered for the CIBA push mode; its tokens are delivered to its notification endpoint";
            event.detail(Details.REASON, message);
            event.error(Errors.NOT_ALLOWED);
            throw new CorsErrorResponseException(cors, OAuthErrorException.UNAUTHORIZED_CLIENT, message, Response.Status.BAD_REQUEST);
        }
        OAuth2DeviceCodeModel deviceCode = deviceCode();
        if (deviceCode != null && realm.getCibaPolicy().isOIDCCIBAGrantEnabled(client)) {
            if (pushAuthReqId == null) {
                // The client's policies (e.g. RFC 8705 §3 certificate binding) decide before the request's state is
                // read or changed: a request without the client's certificate is refused, whether pending or
                // decided, and cannot use up the auth_req_id. Keycloak's grant runs them again, as it always does.
                enforceClientPolicies();
            }
            String details = RequestedDetails.stored(session, realm.getId(), authRequest.getAuthResultId());
            checkRequestedDetails(details);
            if (deviceCode.isExpired()) {
                event.detail(CibaEvents.DETAIL_STEP, "expired");
                event.error(Errors.EXPIRED_CODE);
            } else if (deviceCode.isPending() && !deviceCode.isDenied()) {
                // (a denied record has no user session either: isPending() alone does not tell them apart)
                // Answered here rather than by the stock grant, which reads the record again: a request approved
                // between the two reads would be issued without the checks below. CIBA Core §11.
                throw pending(deviceCode);
            } else {
                // CIBA Core §7.3/§10.2: the interval paces polls for a pending request only; a decided one is answered now.
                session.singleUseObjects().remove(deviceCode.serializePollingKey());
                if (!deviceCode.isDenied()) {
                    claimRedemption(deviceCode);
                    checkIssuance(deviceCode);
                    checkApprovedDetails(deviceCode, details);
                    ensureSingleFirstConsent();
                    approvedDetails = details;
                }
                // decided: the details are read (or not needed), and the auth_req_id cannot be redeemed again
                if (details != null) RequestedDetails.remove(session, realm.getId(), authRequest.getAuthResultId());
            }
        }
        return super.process(context);
    }

    /** The request's device-code record when auth_req_id is well formed and belongs to this client, else null (the stock grant answers). */
    private OAuth2DeviceCodeModel deviceCode() {
        String jwe = formParams.getFirst(AUTH_REQ_ID);
        if (jwe == null) return null;
        CIBAAuthenticationRequest request;
        try {
            request = CIBAAuthenticationRequest.deserialize(session, jwe);
        } catch (RuntimeException e) {
            return null;
        }
        Map<String, String> data = session.singleUseObjects().get(OAuth2DeviceCodeModel.createKey(request.getId()));
        if (data == null) return null;
        OAuth2DeviceCodeModel model = OAuth2DeviceCodeModel.fromCache(realm, request.getId(), data);
        if (!client.getClientId().equals(model.getClientId())) return null;
        subjectId = request.getSubject();
        authRequest = request;
        return model;
    }

    /** The {@code BACKCHANNEL_TOKEN_REQUEST} client policies, answered as Keycloak's grant answers them (invalid_grant). */
    private void enforceClientPolicies() {
        authRequest.setClient(client);
        try {
            session.clientPolicy().triggerOnEvent(new BackchannelTokenRequestContext(authRequest, formParams));
        } catch (ClientPolicyException e) {
            event.detail(Details.REASON, Details.CLIENT_POLICY_ERROR);
            event.detail(Details.CLIENT_POLICY_ERROR, e.getError());
            event.detail(Details.CLIENT_POLICY_ERROR_DETAIL, e.getErrorDetail());
            event.error(e.getError());
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, e.getErrorDetail(), Response.Status.BAD_REQUEST);
        }
    }

    /**
     * RFC 9396 §6: a token request may name {@code authorization_details}; a CIBA grant covers exactly those the user
     * approved, so a different value (or any value for a request without details) is {@code invalid_authorization_details}.
     * Checked before the request's state is read or changed: a refused token request does not use up the auth_req_id.
     */
    private void checkRequestedDetails(String stored) {
        List<String> requested = formParams.get(RequestedDetails.PARAMETER);
        if (requested == null) return;
        try {
            if (requested.size() > 1) throw new InvalidAuthorizationDetails("authorization_details is given more than once");
            RequestedDetails.checkTokenRequest(requested.get(0), stored);
        } catch (InvalidAuthorizationDetails e) {
            event.detail(Details.REASON, e.getMessage());
            event.error(InvalidAuthorizationDetails.ERROR);
            throw new CorsErrorResponseException(cors, InvalidAuthorizationDetails.ERROR, e.getMessage(), Response.Status.BAD_REQUEST);
        }
    }

    /**
     * The approval must name the fingerprint of exactly the stored details ({@link RequestedDetails#withApproval}): what
     * the user saw and approved is what the tokens carry, and a request without details gets none.
     */
    private void checkApprovedDetails(OAuth2DeviceCodeModel deviceCode, String details) {
        if (RequestedDetails.approvedAsStored(details, deviceCode.getAdditionalParams())) return;
        DeviceGrantType.removeDeviceByDeviceCode(session, authRequest.getId());
        LOG.warnf("CIBA grant refused for client '%s': the approval does not match the request's authorization_details", client.getClientId());
        event.detail(Details.REASON, "approval does not match the stored authorization_details");
        event.error(Errors.INVALID_CODE);
        throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, "Invalid auth_req_id", Response.Status.BAD_REQUEST);
    }

    // CIBA Core §11: slow_down within the polling interval of the last poll, else authorization_pending.
    private CorsErrorResponseException pending(OAuth2DeviceCodeModel deviceCode) {
        if (!DeviceGrantType.isPollingAllowed(session, deviceCode)) {
            return new CorsErrorResponseException(cors, OAuthErrorException.SLOW_DOWN, "too early to access", Response.Status.BAD_REQUEST);
        }
        return new CorsErrorResponseException(cors, OAuthErrorException.AUTHORIZATION_PENDING,
                "The authorization request is still pending as the end-user hasn't yet been authenticated.", Response.Status.BAD_REQUEST);
    }

    /**
     * CIBA Core §10.1, RFC 6749 §10.5 (a grant is used once): exactly one token request redeems an approved request,
     * however many arrive at the same moment on any node. The claim in the cluster-wide single-use store is atomic and
     * immediate; the stock grant alone removes the record only after creating the session, leaving a window in which
     * concurrent requests each got tokens.
     */
    private void claimRedemption(OAuth2DeviceCodeModel deviceCode) {
        int lifespan = Math.max(1, deviceCode.getExpiration() - Time.currentTime() + 60);
        String claim = "fapi-kit-ciba." + realm.getId() + ".redeemed." + deviceCode.getDeviceCode();
        if (session.singleUseObjects().putIfAbsent(claim, lifespan)) return;
        event.detail(Details.REASON, "auth_req_id already redeemed");
        event.error(Errors.INVALID_CODE);
        throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, "The auth_req_id has already been used",
                Response.Status.BAD_REQUEST);
    }

    /**
     * CIBA Core §10.1/§11: tokens only for the user who approved, for the client and scope the request was stored with,
     * and while the consent the user had at approval is still there ({@link IssuanceRecord}). Refused requests are
     * removed: an auth_req_id that fails here never yields tokens.
     */
    private void checkIssuance(OAuth2DeviceCodeModel deviceCode) {
        UserModel user = subjectId == null ? null : session.users().getUserById(realm, subjectId);
        var consent = user == null ? null : UserConsentManager.getConsentByClient(session, realm, user, client.getId());
        Long consentCreated = consent == null ? null : consent.getCreatedDate() == null ? 0L : consent.getCreatedDate();
        Refusal refusal = IssuanceRecord.check(subjectId, authRequest.getIssuedFor(), authRequest.getScope(),
                client.getClientId(), deviceCode.getScope(), deviceCode.getAdditionalParams(), consentCreated);
        if (refusal == null) return;
        DeviceGrantType.removeDeviceByDeviceCode(session, authRequest.getId());
        LOG.warnf("CIBA grant refused for client '%s': %s", client.getClientId(), refusal.detail());
        event.detail(Details.REASON, refusal.detail());
        event.error(OAuthErrorException.ACCESS_DENIED.equals(refusal.error()) ? Errors.CONSENT_DENIED : Errors.INVALID_CODE);
        throw new CorsErrorResponseException(cors, refusal.error(), refusal.description(), Response.Status.BAD_REQUEST);
    }

    /**
     * Keycloak stores the first consent of a user for a client inside the grant; concurrent grants would each store one.
     * The first claims {@code user+client} in the cluster-wide single-use store and lets the grant create the consent;
     * its claim is released when its transaction ends. The others wait until that consent is visible (or the claim is
     * gone, and one of them takes over), so they find it and add nothing.
     */
    private void ensureSingleFirstConsent() {
        UserModel user = subjectId == null ? null : session.users().getUserById(realm, subjectId);
        if (user == null || hasConsent(user)) return;
        SingleUseObjectProvider store = session.singleUseObjects();
        String claim = "fapi-kit-ciba." + realm.getId() + ".first-consent." + user.getId() + "." + client.getId();
        long deadline = System.currentTimeMillis() + (CONSENT_CLAIM_SECONDS + 2) * 1000L;
        while (!store.putIfAbsent(claim, CONSENT_CLAIM_SECONDS)) {
            if (System.currentTimeMillis() > deadline) {
                LOG.warnf("CIBA grant: gave up waiting for the first consent of user %s for client %s", user.getId(), client.getClientId());
                return;
            }
            try {
                Thread.sleep(CONSENT_WAIT_STEP_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (hasConsent(user)) return;
        }
        var factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                release();
            }

            @Override
            protected void rollbackImpl() {
                release();
            }

            private void release() {
                KeycloakModelUtils.runJobInTransaction(factory, s -> s.singleUseObjects().remove(claim));
            }
        });
    }

    private boolean hasConsent(UserModel user) {
        return UserConsentManager.getConsentByClient(session, realm, user, client.getId()) != null;
    }

    // RFC 8705 §3: in push mode there is no client TLS connection at issuance; bind to the certificate the client
    // presented with its backchannel authentication request.
    // Keycloak 26.4 and 26.5+ both call this hook with the token response builder of the grant (26.5+ also has
    // createTokenResponseBuilder, 26.4 does not): the builder is kept here for addCustomTokenResponseClaims.
    // RFC 9396 §7, §9.1: the details the user approved go into the tokens and the token response (DetailsInTokens; a
    // request with details exists only on Keycloak 26.5+).
    @Override
    protected void checkAndBindMtlsHoKToken(TokenManager.AccessTokenResponseBuilder builder, boolean useRefreshToken) {
        responseBuilder = builder;
        if (approvedDetails != null) {
            try {
                DetailsInTokens.apply(session, builder, approvedDetails);
            } catch (InvalidAuthorizationDetails e) {
                event.detail(Details.REASON, e.getMessage());
                event.error(InvalidAuthorizationDetails.ERROR);
                throw new CorsErrorResponseException(cors, InvalidAuthorizationDetails.ERROR, e.getMessage(), Response.Status.BAD_REQUEST);
            }
        }
        if (pushAuthReqId == null) {
            super.checkAndBindMtlsHoKToken(builder, useRefreshToken);
            return;
        }
        if (!clientConfig.isUseMtlsHokToken()) return;
        if (pushCertThumbprint == null) {
            event.detail(Details.REASON, "no client certificate was recorded with the backchannel request");
            event.error(Errors.INVALID_REQUEST);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_REQUEST,
                    "Client Certification missing for MTLS HoK Token Binding", Response.Status.BAD_REQUEST);
        }
        AccessToken.Confirmation confirmation = new AccessToken.Confirmation();
        confirmation.setCertThumbprint(pushCertThumbprint);
        builder.getAccessToken().setConfirmation(confirmation);
        if (useRefreshToken) builder.getRefreshToken().setConfirmation(confirmation);
    }

    // CIBA Core §10.3.1: the pushed ID token names the request and hashes the refresh token.
    @Override
    protected void addCustomTokenResponseClaims(AccessTokenResponse res, ClientSessionContext clientSessionCtx) {
        super.addCustomTokenResponseClaims(res, clientSessionCtx);
        if (pushAuthReqId == null || responseBuilder == null || responseBuilder.getIdToken() == null) return;
        IDToken idToken = responseBuilder.getIdToken();
        idToken.setOtherClaims(CLAIM_AUTH_REQ_ID, pushAuthReqId);
        if (res.getRefreshToken() != null) {
            idToken.setOtherClaims(CLAIM_RT_HASH, oidcHash(res.getRefreshToken()));
        }
        res.setIdToken(session.tokens().encodeAndEncrypt(idToken));
    }

    // OIDC Core §3.1.3.6: left half of the hash (of the ID token's signing algorithm) of the ASCII token, base64url.
    private String oidcHash(String token) {
        String alg = session.tokens().signatureAlgorithm(TokenCategory.ID);
        String hashAlg = session.getProvider(SignatureProvider.class, alg).signer().getHashAlgorithm();
        return HashUtils.encodeHashToOIDC(session.getProvider(HashProvider.class, hashAlg).hash(token));
    }
}
