package dev.fapikit.ciba.registration;

import java.util.HashSet;
import java.util.Set;

import dev.fapikit.core.outbound.ClientUrls;
import dev.fapikit.core.outbound.OutboundGuard;
import dev.fapikit.core.outbound.OutboundProvider;
import org.keycloak.models.CibaConfig;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.validation.ClientValidationContext;
import org.keycloak.validation.DefaultClientValidationProvider;
import org.keycloak.validation.ValidationContext;
import org.keycloak.validation.ValidationError;
import org.keycloak.validation.ValidationResult;

/**
 * Keycloak's client validation, with the CIBA push mode accepted (CIBA Core 1.0 §4 {@code backchannel_token_delivery_mode}
 * {@code push}) and the client notification endpoint of ping and push checked like every outbound target of FAPI Kit:
 * required, https, and not on a loopback, private or link-local address unless the server allow-lists its host.
 * Every client, CIBA or not: its {@code jwks_uri}, {@code request_uris}, {@code backchannel_logout_uri} and
 * {@code sector_identifier_uri} pass the same guard ({@link ClientUrls}); this provider replaces Keycloak's
 * {@code default} validation, so the check covers the admin API and dynamic registration alike.
 */
final class CibaClientValidationProvider extends DefaultClientValidationProvider {

    /** Field id of Keycloak's CIBA mode error, which only knows poll and ping. */
    static final String FIELD_MODE = "cibaBackchannelTokenDeliveryMode";
    static final String FIELD_ENDPOINT = "cibaBackchannelClientNotificationEndpoint";
    /** Field id of a refused jwks_uri, request_uris, backchannel_logout_uri or sector_identifier_uri. */
    static final String FIELD_OUTBOUND_URL = "outboundUrl";

    @Override
    public ValidationResult validate(ValidationContext<ClientModel> context) {
        return withCiba(context, super.validate(context));
    }

    @Override
    public ValidationResult validate(ClientValidationContext.OIDCContext context) {
        return withCiba(context, super.validate(context));
    }

    private ValidationResult withCiba(ValidationContext<ClientModel> context, ValidationResult stock) {
        ClientModel client = context.getObjectToValidate();
        Set<ValidationError> errors = new HashSet<>(stock.getErrors());
        // issue 16 §2: a URL the server will fetch or call for this client must pass the outbound guard (SSRF)
        for (String refusal : ClientUrls.refusals(OutboundProvider.of(context.getSession()).guard(),
                ClientUrls.of(context.getSession(), client))) {
            errors.add(new ValidationError(FIELD_OUTBOUND_URL, refusal, "invalidOutboundUrl", null));
        }
        CibaConfig ciba = client.getRealm().getCibaPolicy();
        String mode = ciba.getBackchannelTokenDeliveryMode(client);
        boolean push = CibaConfig.CIBA_PUSH_MODE.equals(mode);
        if (!push && !CibaConfig.CIBA_PING_MODE.equals(mode)) return new ValidationResult(errors);

        if (push) errors.removeIf(e -> FIELD_MODE.equals(e.getFieldId()));
        if (push && OIDCAdvancedConfigWrapper.fromClientModel(client).isUseDPoP()) {
            // RFC 9449 §7: DPoP binds tokens at a token request with a proof; CIBA Core §10.3 push has no token request.
            errors.add(new ValidationError(FIELD_MODE, "The CIBA push mode cannot deliver DPoP-bound tokens: use poll or ping for a client with DPoP-bound access tokens",
                    "cibaPushWithDpop", null));
        }
        String endpoint = ciba.getBackchannelClientNotificationEndpoint(client);
        if (endpoint == null || endpoint.isBlank()) {
            if (push) {
                errors.add(new ValidationError(FIELD_ENDPOINT, "CIBA Backchannel Client Notification Endpoint must be set for the CIBA push mode",
                        "missingCibaBackchannelClientNotificationEndpoint", null));
            }
        } else if (!errors.stream().anyMatch(e -> FIELD_ENDPOINT.equals(e.getFieldId()))) {
            try {
                // the server-wide fapi-kit-outbound allow-list only, never the webhook's extra hosts (issue 16 review F1)
                OutboundProvider.of(context.getSession()).guard().checkRegistration(endpoint);
            } catch (OutboundGuard.RefusedException e) {
                errors.add(new ValidationError(FIELD_ENDPOINT, "CIBA Backchannel Client Notification Endpoint refused: " + e.getMessage(),
                        "invalidBackchannelClientNotificationEndpoint", null));
            }
        }
        return new ValidationResult(errors);
    }
}
