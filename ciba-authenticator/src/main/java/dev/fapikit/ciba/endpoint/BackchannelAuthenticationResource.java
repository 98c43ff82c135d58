package dev.fapikit.ciba.endpoint;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.fapikit.ciba.events.CibaEvents;
import dev.fapikit.ciba.events.Refusal;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fapikit.ciba.delivery.PushExpiry;
import dev.fapikit.ciba.grant.IssuanceRecord;
import dev.fapikit.ciba.grant.PushTokens;
import dev.fapikit.ciba.hints.HintException;
import dev.fapikit.ciba.hints.HintResolver;
import dev.fapikit.ciba.hints.UserHint;
import dev.fapikit.ciba.rar.RequestedDetails;
import dev.fapikit.ciba.usercode.UserCodeCheck;
import dev.fapikit.core.rar.InvalidAuthorizationDetails;
import dev.fapikit.core.rar.RarSupport;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.CibaConfig;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.OAuth2DeviceUserCodeModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantType;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.protocol.oidc.grants.ciba.channel.CIBAAuthenticationRequest;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelAuthenticationRequestContext;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.AbstractCibaEndpoint;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.request.BackchannelAuthenticationEndpointRequest;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.request.BackchannelAuthenticationEndpointRequestParserProcessor;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.util.MtlsHoKTokenUtil;
import org.keycloak.util.JsonSerialization;
import org.jboss.logging.Logger;

/**
 * CIBA Core 1.0 §7 backchannel authentication endpoint. Validates the request (client authentication, signed request,
 * exactly one allowed hint, scope, binding_message, requested_expiry, notification token), runs client policies,
 * stores it in Keycloak's device-code store (so the CIBA grant serves poll and ping) and hands it to the authentication
 * channel. For push (§10.3) it also records the client certificate the pushed tokens are bound to and arms the expiry
 * notification.
 */
public final class BackchannelAuthenticationResource extends AbstractCibaEndpoint {

    private static final Logger LOG = Logger.getLogger(BackchannelAuthenticationResource.class);

    /** Seconds the request's records outlive its expiry, so a late poll gets expired_token rather than invalid_grant. */
    static final int STORE_GRACE_SECONDS = 10;

    /** Event detail listing the extension parameters of a request that were ignored (none is kept). */
    static final String EVENT_DETAIL_IGNORED = "fapi_kit_ignored_parameters";

    private final BackchannelSettings settings;

    BackchannelAuthenticationResource(KeycloakSession session, EventBuilder event, BackchannelSettings settings) {
        super(session, event);
        this.settings = settings;
        event.event(EventType.OAUTH2_DEVICE_AUTH).detail(CibaEvents.DETAIL_STEP, "accepted");
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response processGrantRequest() {
        MultivaluedMap<String, String> params = session.getContext().getHttpRequest().getDecodedFormParameters();
        ClientModel client = authenticate();
        BackchannelAuthenticationEndpointRequest endpointRequest = BackchannelAuthenticationEndpointRequestParserProcessor
                .parseRequest(event, session, client, params, realm.getCibaPolicy());
        if (endpointRequest.getInvalidRequestMessage() != null) {
            throw refuse(OAuthErrorException.INVALID_REQUEST, endpointRequest.getInvalidRequestMessage());
        }
        String authorizationDetails = authorizationDetails(params);
        boolean userCodeRequired = Boolean.parseBoolean(client.getAttribute(CibaEndpointFactory.CLIENT_ATTR_USER_CODE));
        UserModel user = resolveUser(client, endpointRequest, !userCodeRequired);
        checkUserCode(userCodeRequired, user, endpointRequest);
        int expiresIn = expiresIn(endpointRequest);

        CIBAAuthenticationRequest request = new CIBAAuthenticationRequest(session, user, client);
        request.setScope(scope(client, user, endpointRequest));
        request.setBindingMessage(bindingMessage(endpointRequest));
        request.setAcrValues(endpointRequest.getAcr());
        request.exp(request.getIat() + expiresIn);
        request.setClientNotificationToken(clientNotificationToken(client, endpointRequest));
        boolean push = CibaConfig.CIBA_PUSH_MODE.equals(realm.getCibaPolicy().getBackchannelTokenDeliveryMode(client));
        String certThumbprint = push ? pushCertificateThumbprint(client) : null;
        ignoreExtensionParameters(endpointRequest);
        applyClientPolicies(endpointRequest, request, params);

        String authReqId = request.serialize(session);
        store(request, authReqId, expiresIn, authorizationDetails);
        notifyDevice(request);
        if (push) pushLater(request, certThumbprint, expiresIn);

        event.user(user).detail("auth_result_id", request.getAuthResultId()).success();
        ObjectNode response = JsonSerialization.createObjectNode();
        response.put(CibaGrantType.AUTH_REQ_ID, authReqId).put(OAuth2Constants.EXPIRES_IN, expiresIn);
        int interval = realm.getCibaPolicy().getPoolingInterval();
        // CIBA Core §7.3: interval only for the modes that poll the token endpoint
        if (interval > 0 && !push) response.put(OAuth2Constants.INTERVAL, interval);
        return Response.ok(response.toString(), MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    private ClientModel authenticate() {
        try {
            return authenticateClient();
        } catch (ErrorResponseException e) {
            throw e;
        } catch (WebApplicationException wae) {
            // CIBA Core §13 / RFC 6749 §5.2: failed client authentication is invalid_client with 401 (Keycloak's
            // client-secret authenticator names it unauthorized_client, which §13 reserves for a client not allowed CIBA)
            OAuth2ErrorRepresentation error = wae.getResponse().getEntity() instanceof OAuth2ErrorRepresentation e ? e : null;
            throw new ErrorResponseException(OAuthErrorException.INVALID_CLIENT,
                    error != null && error.getErrorDescription() != null ? error.getErrorDescription() : "Client authentication failed",
                    Response.Status.UNAUTHORIZED);
        }
    }

    // CIBA Core §7.1: exactly one hint, of a type this client may use; §13: unknown_user_id when it names no one.
    private UserModel resolveUser(ClientModel client, BackchannelAuthenticationEndpointRequest r, boolean refuseLockedUser) {
        try {
            UserHint hint = UserHint.exactlyOne(r.getLoginHint(), r.getLoginHintToken(), r.getIdTokenHint(), allowedHintTypes(client));
            event.detail("hint_type", hint.type().parameter());
            UserModel user = new HintResolver(session, client, settings.phoneNumberAttribute()).resolve(hint);
            BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
            if (refuseLockedUser && AuthenticatorUtils.getDisabledByBruteForceEventError(protector, session, realm, user) != null) {
                throw new HintException(HintResolver.UNKNOWN_USER_ID, "The " + hint.type().parameter() + " does not identify a known user");
            }
            return user;
        } catch (HintException e) {
            throw refuse(e.error(), e.getMessage());
        }
    }

    /** The client's allowed hint types (client attribute), else the realm's CIBA setting, as stock Keycloak does. */
    private Set<UserHint.Type> allowedHintTypes(ClientModel client) {
        String configured = client.getAttribute(CibaEndpointFactory.CLIENT_ATTR_HINT_TYPES);
        if (configured == null || configured.isBlank()) {
            return EnumSet.of(UserHint.Type.fromParameter(realm.getCibaPolicy().getAuthRequestedUserHint()));
        }
        Set<UserHint.Type> types = EnumSet.noneOf(UserHint.Type.class);
        try {
            Arrays.stream(configured.split("[,\\s]+")).filter(s -> !s.isBlank()).map(UserHint.Type::fromParameter).forEach(types::add);
        } catch (IllegalArgumentException e) {
            throw refuse(OAuthErrorException.SERVER_ERROR, "Client attribute " + CibaEndpointFactory.CLIENT_ATTR_HINT_TYPES + ": " + e.getMessage());
        }
        return types;
    }

    // CIBA Core §7.1 user_code, for clients registered with backchannel_user_code_parameter. Guesses have a limit of
    // their own (UserCodeCheck); a wrong code and one over the limit get the same answer, the event tells them apart.
    private void checkUserCode(boolean required, UserModel user, BackchannelAuthenticationEndpointRequest r) {
        if (!required) {
            if (r.getUserCode() != null) {
                throw refuse(OAuthErrorException.INVALID_REQUEST, "This client is not registered to send user_code");
            }
            return;
        }
        Refusal refusal = UserCodeCheck.check(session, user, r.getUserCode());
        if (refusal != null) {
            event.user(user).detail("user_code_check", refusal.detail());
            throw refuse(refusal.error(), refusal.description());
        }
    }

    // CIBA Core §7.1 requested_expiry: a positive integer of seconds, honoured up to the server maximum.
    private int expiresIn(BackchannelAuthenticationEndpointRequest r) {
        Integer requested = r.getRequestedExpiry();
        if (requested == null) return realm.getCibaPolicy().getExpiresIn();
        if (requested <= 0) throw refuse(OAuthErrorException.INVALID_REQUEST, "requested_expiry must be a positive integer");
        return Math.min(requested, settings.maxRequestedExpiry());
    }

    private String scope(ClientModel client, UserModel user, BackchannelAuthenticationEndpointRequest r) {
        String scope = r.getScope();
        if (scope == null) throw refuse(OAuthErrorException.INVALID_REQUEST, "missing parameter: scope");
        if (!TokenManager.isValidScope(session, scope, client, user)) {
            throw refuse(OAuthErrorException.INVALID_SCOPE, "Invalid scopes: " + scope);
        }
        // As stock Keycloak: the default scopes shown on a consent screen are part of what the user approves.
        StringBuilder scopes = new StringBuilder(scope);
        client.getClientScopes(true).forEach((name, s) -> {
            if (s.isDisplayOnConsentScreen()) scopes.append(' ').append(name);
        });
        return scopes.toString();
    }

    private String bindingMessage(BackchannelAuthenticationEndpointRequest r) {
        String message = r.getBindingMessage();
        if (message == null) return null;
        String problem = BindingMessage.problem(message, settings.bindingMessageMaxLength());
        if (problem != null) throw refuse(OAuthErrorException.INVALID_BINDING_MESSAGE, problem);
        return message;
    }

    // CIBA Core §7.1: client_notification_token is required in ping and push mode, at most 1024 characters here.
    private String clientNotificationToken(ClientModel client, BackchannelAuthenticationEndpointRequest r) {
        String token = r.getClientNotificationToken();
        String mode = realm.getCibaPolicy().getBackchannelTokenDeliveryMode(client);
        boolean notified = CibaConfig.CIBA_PING_MODE.equals(mode) || CibaConfig.CIBA_PUSH_MODE.equals(mode);
        if (token == null && notified) throw refuse(OAuthErrorException.INVALID_REQUEST, "client_notification_token is required in " + mode + " mode");
        if (token != null && !notified) throw refuse(OAuthErrorException.INVALID_REQUEST, "client_notification_token is only for the ping and push modes");
        if (token != null && token.length() > 1024) throw refuse(OAuthErrorException.INVALID_REQUEST, "client_notification_token is longer than 1024 characters");
        return token;
    }

    /**
     * CIBA Core 1.0 §7.1 lets a request carry extension parameters; FAPI Kit defines none, so none is kept (RFC 6749
     * §3.1: unrecognised parameters are ignored). A parameter the stock parser did not recognise (a form parameter, or a
     * member of the signed request object other than the CIBA and OIDC ones) never reaches the {@code auth_req_id}, the
     * stored request, the user session or the tokens: who the tokens are for, and everything else they say, is decided
     * by the server (the user it resolved from the hint and who approved). Their names go to the event for the admin.
     */
    private void ignoreExtensionParameters(BackchannelAuthenticationEndpointRequest r) {
        Map<String, String> extensions = r.getAdditionalReqParams();
        if (extensions != null) extensions.remove(RequestedDetails.PARAMETER); // RFC 9396, read by authorizationDetails
        if (extensions == null || extensions.isEmpty()) return;
        String names = String.join(" ", new TreeSet<>(extensions.keySet()));
        // the names are the client's: bounded, so a request cannot fill the event store
        event.detail(EVENT_DETAIL_IGNORED, names.length() > 200 ? names.substring(0, 200) + "…" : names);
        extensions.clear();
    }

    // RFC 8705 §3 for push (CIBA Core §10.3): the tokens are issued without a client TLS connection, so a client that
    // uses certificate-bound tokens presents its certificate here and the pushed tokens are bound to it.
    private String pushCertificateThumbprint(ClientModel client) {
        // RFC 9449 §7 binds an access token to a key proven with each token request; CIBA Core §10.3 push has no token
        // request, so a client whose tokens must be DPoP-bound cannot use push (it would get unbound Bearer tokens).
        if (OIDCAdvancedConfigWrapper.fromClientModel(client).isUseDPoP()) {
            throw refuse(OAuthErrorException.INVALID_REQUEST, "This client requires DPoP-bound tokens, which the CIBA push mode cannot deliver: use poll or ping");
        }
        if (!OIDCAdvancedConfigWrapper.fromClientModel(client).isUseMtlsHokToken()) return null;
        AccessToken.Confirmation confirmation = MtlsHoKTokenUtil.bindTokenWithClientCertificate(session.getContext().getHttpRequest(), session);
        if (confirmation == null) {
            throw refuse(OAuthErrorException.INVALID_REQUEST, "This push client uses certificate-bound tokens: present the client certificate with the backchannel authentication request");
        }
        return confirmation.getCertThumbprint();
    }

    private void applyClientPolicies(BackchannelAuthenticationEndpointRequest endpointRequest, CIBAAuthenticationRequest request,
                                     MultivaluedMap<String, String> params) {
        try {
            session.clientPolicy().triggerOnEvent(new BackchannelAuthenticationRequestContext(endpointRequest, request, params));
        } catch (ClientPolicyException cpe) {
            event.detail(Details.REASON, Details.CLIENT_POLICY_ERROR).detail(Details.CLIENT_POLICY_ERROR, cpe.getError())
                    .detail(Details.CLIENT_POLICY_ERROR_DETAIL, cpe.getErrorDetail());
            throw refuse(cpe.getError(), cpe.getErrorDetail());
        }
    }

    /**
     * RFC 9396 {@code authorization_details}: from the signed request object when the request is signed (RFC 9396 §3;
     * CIBA Core 1.0 §7.1.1 puts a signed request's parameters in the JWT only), else the form parameter, once (RFC 6749
     * §3.1). Checked here, before anything is stored ({@link RequestedDetails#check}); the client's registered types are
     * the {@code fapi-kit-authorization-details} client policy's part. Null when the request has none.
     */
    private String authorizationDetails(MultivaluedMap<String, String> params) {
        boolean signed = params.containsKey("request") || params.containsKey("request_uri");
        List<String> formValues = params.get(RequestedDetails.PARAMETER);
        if (signed && formValues != null) {
            throw refuse(OAuthErrorException.INVALID_REQUEST,
                    "authorization_details of a signed request belongs in the request object (CIBA Core 1.0 §7.1.1)");
        }
        if (formValues != null && formValues.size() > 1) {
            throw refuse(OAuthErrorException.INVALID_REQUEST, "authorization_details is given more than once");
        }
        try {
            String details = signed
                    ? RequestedDetails.fromRequestObject(session.getAttribute(RequestedDetails.SIGNED_REQUEST_ATTRIBUTE, JsonNode.class))
                    : formValues == null ? null : formValues.get(0);
            if (details == null) return null;
            RequestedDetails.check(details, RarSupport.available(), RarSupport.supportedTypes(session));
            return details;
        } catch (InvalidAuthorizationDetails e) {
            throw refuse(InvalidAuthorizationDetails.ERROR, e.getMessage());
        }
    }

    // Keycloak's own device-code store: the stock CIBA grant polls it and the approval path decides on it. The store
    // lifetime and expires_in both follow requested_expiry; the record outlives it slightly so a late poll gets
    // expired_token rather than invalid_grant (CIBA Core §11). Authorization details get an entry of their own with
    // the same lifetime.
    private void store(CIBAAuthenticationRequest request, String authReqId, int expiresIn, String authorizationDetails) {
        ClientModel client = request.getClient();
        CibaConfig policy = realm.getCibaPolicy();
        int interval = policy.getPoolingInterval();
        // the auth_req_id a ping or push notification carries
        String notifiedAuthReqId = request.getClientNotificationToken() != null ? authReqId : null;
        OAuth2DeviceCodeModel deviceCode = OAuth2DeviceCodeModel.create(realm, client, request.getId(), request.getScope(),
                null, expiresIn, interval, request.getClientNotificationToken(), notifiedAuthReqId,
                IssuanceRecord.atRequest(request.getUser().getId()), null, null);
        OAuth2DeviceUserCodeModel userCode = new OAuth2DeviceUserCodeModel(realm, deviceCode.getDeviceCode(), request.getAuthResultId());
        int lifespan = expiresIn + interval + STORE_GRACE_SECONDS;
        SingleUseObjectProvider store = session.singleUseObjects();
        store.put(deviceCode.serializeKey(), lifespan, deviceCode.toMap());
        store.put(userCode.serializeKey(), lifespan, userCode.serializeValue());
        if (authorizationDetails != null) {
            RequestedDetails.store(session, realm.getId(), request.getAuthResultId(), authorizationDetails, lifespan);
        }
    }

    // CIBA Core §10.3/§12: the bound certificate for the pushed tokens, and the expired_token push when nobody decided.
    // The expiry timer runs on this node; its claim is shared with the decision, so exactly one of them notifies.
    private void pushLater(CIBAAuthenticationRequest request, String certThumbprint, int expiresIn) {
        if (certThumbprint != null) {
            PushTokens.rememberCertificate(session, realm, request.getAuthResultId(), certThumbprint, expiresIn + STORE_GRACE_SECONDS);
        }
        PushExpiry.schedule(session, realm, request.getClient(), request.getAuthResultId(), expiresIn);
    }

    /**
     * The OAuth error code of {@code e}, read from its response body: {@code ErrorResponseException.getError()} exists
     * on Keycloak 26.5+ only, the body on 26.4 and 26.5+ alike (an error response marks the transaction rollback-only
     * either way).
     */
    private static String errorCode(ErrorResponseException e) {
        return e.getResponse().getEntity() instanceof OAuth2ErrorRepresentation error && error.getError() != null
                ? error.getError() : Errors.INVALID_REQUEST;
    }

    private void notifyDevice(CIBAAuthenticationRequest request) {
        AuthenticationChannelProvider channel = session.getProvider(AuthenticationChannelProvider.class);
        boolean accepted;
        try {
            accepted = channel.requestAuthentication(request, request.getUser().getUsername());
        } catch (ErrorResponseException e) {
            forget(request);
            event.detail(Details.REASON, e.getErrorDescription());
            event.error(errorCode(e));
            throw e;
        } catch (RuntimeException e) {
            forget(request);
            LOG.warnf(e, "CIBA authentication channel failed for client '%s'", request.getClient().getClientId());
            event.error(Errors.INVALID_REQUEST);
            throw new ErrorResponseException(OAuthErrorException.SERVER_ERROR, "The authentication device could not be reached",
                    Response.Status.SERVICE_UNAVAILABLE);
        }
        if (!accepted) {
            forget(request);
            event.error(Errors.INVALID_REQUEST);
            throw new ErrorResponseException(OAuthErrorException.SERVER_ERROR, "No notification channel could reach the user",
                    Response.Status.SERVICE_UNAVAILABLE);
        }
    }

    private void forget(CIBAAuthenticationRequest request) {
        DeviceGrantType.removeDeviceByDeviceCode(session, request.getId());
        DeviceGrantType.removeDeviceByUserCode(session, realm, request.getAuthResultId());
        RequestedDetails.remove(session, realm.getId(), request.getAuthResultId());
    }

    // CIBA Core §13: 400 for every error but invalid_client (401) and access_denied (403).
    private ErrorResponseException refuse(String error, String description) {
        event.detail(Details.REASON, description);
        event.error(error);
        Response.Status status = OAuthErrorException.ACCESS_DENIED.equals(error) ? Response.Status.FORBIDDEN : Response.Status.BAD_REQUEST;
        return new ErrorResponseException(error, description, status);
    }
}
