package dev.fapikit.core.registration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientRepresentation;


/**
 * A software statement (RFC 7591 §2.3) presented in one registration request: read by the registration endpoint,
 * which lets its claims win over the request's metadata (RFC 7591 §3.1.1) before Keycloak reads the metadata, and
 * kept for this request only (a session attribute) for the {@code fapi-kit-software-statement} client-policy
 * executor, which verifies it with the realm's trusted directories and marks it approved.
 *
 * <p>Claims read (RFC 7591 names first, UK Open Banking directory names accepted as well): {@code software_id}
 * (or {@code software_client_id}), {@code org_id}, {@code software_roles}, {@code redirect_uris} (or
 * {@code software_redirect_uris}), and the client metadata of {@link #CLAIMS_TO_METADATA}.
 */
public final class SoftwareStatement {

    /** RFC 7591 §2.3: the registration request parameter (and response member) carrying the statement. */
    public static final String PARAMETER = "software_statement";

    /** Client attributes: the statement as presented, and what it says of the software and its organisation. */
    public static final String STATEMENT_ATTRIBUTE = "fapi-kit.software-statement";
    public static final String SOFTWARE_ID_ATTRIBUTE = "fapi-kit.software-id";
    public static final String ORG_ID_ATTRIBUTE = "fapi-kit.org-id";
    public static final String ROLES_ATTRIBUTE = "fapi-kit.software-roles";

    /** Response members for the stored values (UK Open Banking names; {@code software_id} is RFC 7591 §2). */
    public static final String SOFTWARE_ID = "software_id";
    public static final String ORG_ID = "org_id";
    public static final String SOFTWARE_ROLES = "software_roles";

    private static final RequestAttribute<SoftwareStatement> ATTACHED =
            new RequestAttribute<>("fapi-kit.software-statement.request", SoftwareStatement.class);
    private static final String REDIRECT_URIS = "redirect_uris";
    /**
     * RFC 7591 §3.1.1: client metadata in the statement take precedence over the same metadata in the request. Each
     * statement claim (RFC 7591 §2 name, or the UK Open Banking directory's {@code software_*} name) and the request
     * metadata it sets; {@code redirect_uris} is handled apart (the request may name a subset).
     */
    static final Map<String, String> CLAIMS_TO_METADATA = claimsToMetadata();

    private final String raw;
    private final SignedJson signed;
    private final Map<String, Object> claims;
    private final boolean stored;
    private boolean approved;

    private SoftwareStatement(String raw, SignedJson signed, boolean stored) {
        this.raw = raw;
        this.signed = signed;
        this.claims = signed.claims();
        this.stored = stored;
    }

    private static Map<String, String> claimsToMetadata() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : List.of("token_endpoint_auth_method", "grant_types", "response_types", "client_name", "client_uri",
                "logo_uri", "scope", "contacts", "tos_uri", "policy_uri", "jwks_uri", "jwks", "software_id", "software_version")) {
            map.put(name, name);
        }
        map.put("software_client_name", "client_name");
        map.put("software_client_uri", "client_uri");
        map.put("software_logo_uri", "logo_uri");
        map.put("software_tos_uri", "tos_uri");
        map.put("software_policy_uri", "policy_uri");
        map.put("software_jwks_endpoint", "jwks_uri");
        map.put("software_client_id", "software_id");
        return Map.copyOf(map);
    }

    /**
     * Reads a statement as presented; its signature is not checked here.
     *
     * @throws SoftwareStatementRefusal {@code invalid_software_statement}: not a string holding a JWS in compact
     *                                  serialization whose payload is a JSON object (RFC 7591 §2.3)
     */
    public static SoftwareStatement parse(Object presented) throws SoftwareStatementRefusal {
        return parse(presented, false);
    }

    private static SoftwareStatement parse(Object presented, boolean stored) throws SoftwareStatementRefusal {
        SignedJson signed = presented instanceof String raw ? SignedJson.read(raw) : null;
        if (signed == null) {
            throw SoftwareStatementRefusal.invalid("software_statement must be a signed JWT: a JWS in compact serialization "
                    + "with a JSON object of claims (RFC 7591 §2.3)");
        }
        return new SoftwareStatement((String) presented, signed, stored);
    }

    /** The statement a client was registered with, for an update that presents none (RFC 7592 §2.2). */
    public static SoftwareStatement ofClient(ClientModel client) {
        String raw = client == null ? null : client.getAttribute(STATEMENT_ATTRIBUTE);
        if (raw == null) return null;
        try {
            return parse(raw, true);
        } catch (SoftwareStatementRefusal e) {
            return null;
        }
    }

    /** The statement of this request, or {@code null} without one. */
    public static SoftwareStatement of(KeycloakSession session) {
        return ATTACHED.get(session);
    }

    /** Keeps the statement for the rest of this request (the session is the request's). */
    void attach(KeycloakSession session) {
        ATTACHED.set(session, this);
    }

    public String raw() {
        return raw;
    }

    /** The JWS as presented: header, signing input, signature and claims. */
    public SignedJson signed() {
        return signed;
    }

    public String issuer() {
        return string("iss");
    }

    /** RFC 7591 §2 {@code software_id}; UK Open Banking {@code software_client_id} when it is absent. */
    public String softwareId() {
        String id = string("software_id");
        return id != null ? id : string("software_client_id");
    }

    /** The organisation id (UK Open Banking directory claim {@code org_id}). */
    public String orgId() {
        return string("org_id");
    }

    /** UK Open Banking {@code software_roles}: an array of strings, or one space-separated string. */
    public List<String> roles() {
        return strings(claims.get("software_roles"));
    }

    /** RFC 7591 {@code redirect_uris}, else UK Open Banking {@code software_redirect_uris}; {@code null} when neither. */
    public List<String> redirectUris() {
        Object uris = claims.containsKey(REDIRECT_URIS) ? claims.get(REDIRECT_URIS) : claims.get("software_redirect_uris");
        return uris == null ? null : strings(uris);
    }

    /** RFC 7591 §2 {@code jwks} of the statement (the software's keys, as a JSON object), or {@code null}. */
    public Object jwks() {
        return claims.get("jwks");
    }

    /** RFC 7591 §2 {@code jwks_uri}, else UK Open Banking {@code software_jwks_endpoint}; {@code null} when neither. */
    public String jwksUri() {
        String uri = string("jwks_uri");
        return uri != null ? uri : string("software_jwks_endpoint");
    }

    /** A statement the client was registered with earlier, not presented in this request. */
    public boolean stored() {
        return stored;
    }

    /** Called by the executor that verified the statement against the realm's trusted directories. */
    public void approve() {
        this.approved = true;
    }

    public boolean approved() {
        return approved;
    }

    /**
     * RFC 7591 §3.1.1: the statement's client metadata replace the request's; the request's {@code redirect_uris}
     * must be among the statement's (absent: the statement's are registered).
     *
     * @throws SoftwareStatementRefusal {@code invalid_client_metadata} for a redirect URI outside the statement
     */
    void mergeInto(Map<String, Object> request) throws SoftwareStatementRefusal {
        request.put(REDIRECT_URIS, allowedRedirectUris(strings(request.get(REDIRECT_URIS))));
        if (request.get(REDIRECT_URIS) == null) request.remove(REDIRECT_URIS);
        Map<String, Object> fromStatement = new HashMap<>();
        CLAIMS_TO_METADATA.forEach((claim, metadata) -> {
            Object value = claims.get(claim);
            // an RFC 7591 name wins over its UK Open Banking alias
            if (value != null && (claim.equals(metadata) || !claims.containsKey(metadata))) fromStatement.put(metadata, value);
        });
        if (fromStatement.containsKey("jwks") || fromStatement.containsKey("jwks_uri")) {
            // RFC 7591 §2: jwks_uri and jwks MUST NOT both be present; the statement's keys replace the request's
            request.remove("jwks");
            request.remove("jwks_uri");
        }
        request.putAll(fromStatement);
    }

    /**
     * The redirect URIs to register: the request's when all are in the statement, the statement's when the request
     * names none; without {@code redirect_uris} in the statement, the request's.
     */
    public List<String> allowedRedirectUris(List<String> requested) throws SoftwareStatementRefusal {
        List<String> allowed = redirectUris();
        if (allowed == null) return requested == null || requested.isEmpty() ? null : requested;
        if (requested == null || requested.isEmpty()) return allowed;
        Set<String> outside = new LinkedHashSet<>(requested);
        outside.removeAll(allowed);
        if (!outside.isEmpty()) {
            throw SoftwareStatementRefusal.metadata("redirect_uris " + outside + " are not among the redirect URIs of "
                    + "the software statement (RFC 7591 §3.1.1: the statement's metadata take precedence)");
        }
        return requested;
    }

    /** Stores the statement and what it says of the software on the client being registered or updated. */
    public void storeOn(ClientRepresentation client) {
        Map<String, String> attributes = client.getAttributes() == null ? new HashMap<>() : new HashMap<>(client.getAttributes());
        attributes.put(STATEMENT_ATTRIBUTE, raw);
        attributes.put(SOFTWARE_ID_ATTRIBUTE, softwareId());
        attributes.put(ORG_ID_ATTRIBUTE, orgId());
        attributes.put(ROLES_ATTRIBUTE, roles().isEmpty() ? null : String.join(" ", roles()));
        client.setAttributes(attributes);
    }

    /** RFC 7591 §3.2.1 / RFC 7592 §3: the statement as presented and its stored values, for registration responses. */
    static Map<String, Object> describe(ClientModel client) {
        Map<String, Object> described = new LinkedHashMap<>();
        String raw = client.getAttribute(STATEMENT_ATTRIBUTE);
        if (raw == null) return described;
        described.put(PARAMETER, raw);
        putIfPresent(described, SOFTWARE_ID, client.getAttribute(SOFTWARE_ID_ATTRIBUTE));
        putIfPresent(described, ORG_ID, client.getAttribute(ORG_ID_ATTRIBUTE));
        String roles = client.getAttribute(ROLES_ATTRIBUTE);
        if (roles != null && !roles.isBlank()) described.put(SOFTWARE_ROLES, Arrays.asList(roles.trim().split(" +")));
        return described;
    }

    private static void putIfPresent(Map<String, Object> map, String name, String value) {
        if (value != null && !value.isEmpty()) map.put(name, value);
    }

    private String string(String claim) {
        Object value = claims.get(claim);
        return value instanceof String text && !text.isEmpty() ? text : null;
    }

    private static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof String text) {
            for (String each : text.trim().split("\\s+")) if (!each.isEmpty()) result.add(each);
        } else if (value instanceof Collection<?> values) {
            for (Object each : values) if (each instanceof String text && !text.isEmpty()) result.add(text);
        }
        return result;
    }
}
