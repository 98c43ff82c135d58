package dev.fapikit.policies.statement;

import java.util.List;

import org.keycloak.crypto.Algorithm;
import org.keycloak.provider.ProviderConfigProperty;

import dev.fapikit.core.policy.SimpleExecutorFactory;

import static dev.fapikit.core.policy.ProfileOptions.bool;

/** Creates the {@value #PROVIDER_ID} executor. */
public class SoftwareStatementExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-software-statement";

    public static final String TRUSTED_DIRECTORIES = "trusted-directories";

    public static final String ALLOWED_ALGORITHMS = "allowed-algorithms";
    /** FAPI 1.0 Part 2 §8.6 / FAPI 2.0 Security Profile §5.4.1: PS256 or ES256 (EdDSA selectable). */
    public static final List<String> DEFAULT_ALLOWED_ALGORITHMS = List.of(Algorithm.PS256, Algorithm.ES256);
    /** Algorithms an admin can select; RS256 is for directories that sign no other way (UK Open Banking uses PS256). */
    public static final List<String> SELECTABLE_ALGORITHMS = List.of(Algorithm.PS256, Algorithm.PS384, Algorithm.PS512,
            Algorithm.ES256, Algorithm.ES384, Algorithm.ES512, Algorithm.EdDSA, Algorithm.RS256);

    public static final String BIND_TLS_CERTIFICATE = "bind-tls-certificate";
    /** Off: many deployments register through a front that does not forward the client certificate. */
    public static final boolean DEFAULT_BIND_TLS_CERTIFICATE = false;

    public static final String REQUIRE_SIGNED_REQUEST = "require-signed-request";
    /** Off: RFC 7591 §3.1 registration requests are JSON; signed requests are a directory profile's choice. */
    public static final boolean DEFAULT_REQUIRE_SIGNED_REQUEST = false;

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = List.of(
            new ProviderConfigProperty(TRUSTED_DIRECTORIES, "Trusted directories",
                    "JSON array of the directories whose software statements (RFC 7591 §2.3) this realm accepts, each "
                            + "{\"issuer\": \"<iss of its statements>\", \"jwks_uri\": \"https://…\"} or "
                            + "{\"issuer\": \"…\", \"jwks\": {\"keys\": […]}}. A jwks_uri is fetched through FAPI Kit's "
                            + "outbound guard (the URL's host must be allowed) and cached in Keycloak's key cache; "
                            + "a statement signed with an unknown kid makes it fetch the keys again (key rotation).",
                    ProviderConfigProperty.TEXT_TYPE, null),
            algorithms(),
            bool(BIND_TLS_CERTIFICATE, "Bind TLS certificate to organisation", DEFAULT_BIND_TLS_CERTIFICATE,
                    "On: the TLS client certificate presented at registration must name the statement's organisation "
                            + "(org_id) in its subject (OU, organizationIdentifier 2.5.4.97, O or CN) or a subject "
                            + "alternative name, as UK Open Banking OBWAC/OBSeal certificates do. Requires mutual TLS "
                            + "(or a trusted proxy forwarding the certificate) at the registration endpoint."),
            bool(REQUIRE_SIGNED_REQUEST, "Require signed registration request", DEFAULT_REQUIRE_SIGNED_REQUEST,
                    "On: a registration must be sent as a JWT (Content-Type application/jwt) whose claims are the client "
                            + "metadata, including software_statement, signed with one of the allowed algorithms by a key "
                            + "of the statement's jwks or jwks_uri (as the UK Open Banking DCR profile asks); a JSON "
                            + "request is refused with invalid_client_metadata. Off: JSON and signed requests are both "
                            + "accepted, and a signed one is always verified."));

    private static ProviderConfigProperty algorithms() {
        ProviderConfigProperty property = new ProviderConfigProperty(ALLOWED_ALGORITHMS, "Allowed algorithms",
                "The JWS algorithms a software statement may be signed with. FAPI allows PS256 and ES256 (FAPI 2.0 "
                        + "also EdDSA). 'none' is never allowed.",
                ProviderConfigProperty.MULTIVALUED_LIST_TYPE, DEFAULT_ALLOWED_ALGORITHMS);
        property.setOptions(SELECTABLE_ALGORITHMS);
        return property;
    }

    public SoftwareStatementExecutorFactory() {
        super(PROVIDER_ID, SoftwareStatementExecutor::new, CONFIG_PROPERTIES);
    }

    @Override
    public String getHelpText() {
        return "Dynamic client registration (RFC 7591) in this profile requires a software statement signed by one of "
                + "the trusted directories: its signature, issuer, algorithm and lifetime are verified, its client "
                + "metadata win over the request's (redirect_uris of the request must be among the statement's), and "
                + "its software_id, org_id and software_roles are stored on the client and returned on read. A "
                + "registration without a statement is refused.";
    }
}
