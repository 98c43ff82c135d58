package dev.fapikit.policies.rar;

import dev.fapikit.core.policy.SimpleExecutorFactory;

import static dev.fapikit.core.policy.ProfileOptions.bool;

/** Creates the {@value #PROVIDER_ID} executor. */
public class AuthorizationDetailsExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-authorization-details";

    /** Executor option: details only of the types the client registered (RFC 9396 §10). */
    public static final String REQUIRE_REGISTERED_TYPES = "require-registered-types";

    public AuthorizationDetailsExecutorFactory() {
        super(PROVIDER_ID, AuthorizationDetailsExecutor::new,
                "RFC 9396: authorization_details at the pushed authorization request, authorization and CIBA backchannel "
                        + "authentication endpoints is read "
                        + "within limits (10 entries, 16 KiB, depth 8), each entry must be of a type this server supports "
                        + "and pass its checks (payment_initiation: amount and ISO 4217 currency, creditor, IBAN); anything "
                        + "else is refused with invalid_authorization_details. On Keycloak 26.4, which cannot carry "
                        + "authorization details into tokens, every request with authorization_details is refused.",
                bool(REQUIRE_REGISTERED_TYPES, "Only registered types", true,
                        "On: a client may use only the types it registered as authorization_details_types (RFC 9396 §10; "
                                + "client attribute " + RegisteredTypes.ATTRIBUTE + "); a client that registered none may "
                                + "send no authorization_details."));
    }
}
