package dev.fapikit.policies.statement;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;

import jakarta.ws.rs.core.UriBuilder;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.keys.PublicKeyLoader;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.urls.UrlType;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.DynamicClientRegisterContext;
import org.keycloak.services.clientpolicy.context.DynamicClientUpdateContext;
import org.keycloak.services.x509.X509ClientCertificateLookup;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import dev.fapikit.core.outbound.ClientJwks;
import dev.fapikit.core.policy.ConfiguredExecutor;
import dev.fapikit.core.registration.SignedRegistrationRequest;
import dev.fapikit.core.registration.SoftwareStatement;
import dev.fapikit.core.registration.SoftwareStatementRefusal;

/**
 * RFC 7591 §2.3 / §3.1.1: verifies the software statement of a dynamic registration or update against the profile's
 * trusted directories and stores what it says on the client; refuses a dynamic registration without one. Registrations
 * through the admin console or admin API are not dynamic registrations and are left alone.
 */
final class SoftwareStatementExecutor extends ConfiguredExecutor<SoftwareStatementExecutor.Configuration> {

    private static final Logger LOG = Logger.getLogger(SoftwareStatementExecutor.class);

    /** Key-cache entries of a directory's {@code jwks_uri}, apart from Keycloak's client and identity-provider keys. */
    static final String KEY_CACHE_PREFIX = "::fapi-kit-directory::";

    SoftwareStatementExecutor(KeycloakSession session) {
        super(SoftwareStatementExecutorFactory.PROVIDER_ID, Configuration.class, Configuration::new, session);
    }

    /** Settings of one {@value SoftwareStatementExecutorFactory#PROVIDER_ID} executor in a client profile. */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

        @JsonProperty(SoftwareStatementExecutorFactory.TRUSTED_DIRECTORIES)
        private JsonNode trustedDirectories;

        @JsonProperty(SoftwareStatementExecutorFactory.ALLOWED_ALGORITHMS)
        private List<String> allowedAlgorithms;

        @JsonProperty(SoftwareStatementExecutorFactory.BIND_TLS_CERTIFICATE)
        private Boolean bindTlsCertificate;

        @JsonProperty(SoftwareStatementExecutorFactory.REQUIRE_SIGNED_REQUEST)
        private Boolean requireSignedRequest;

        /** @throws IllegalArgumentException for an option that is not a list of directories */
        public List<TrustedDirectory> trustedDirectories() {
            return TrustedDirectory.parse(trustedDirectories);
        }

        public List<String> allowedAlgorithms() {
            List<String> allowed = allowedAlgorithms == null || allowedAlgorithms.isEmpty()
                    ? SoftwareStatementExecutorFactory.DEFAULT_ALLOWED_ALGORITHMS : allowedAlgorithms;
            return allowed.stream().filter(alg -> !"none".equalsIgnoreCase(alg)).toList();
        }

        public boolean bindTlsCertificate() {
            return bindTlsCertificate == null ? SoftwareStatementExecutorFactory.DEFAULT_BIND_TLS_CERTIFICATE : bindTlsCertificate;
        }

        public boolean requireSignedRequest() {
            return requireSignedRequest == null ? SoftwareStatementExecutorFactory.DEFAULT_REQUIRE_SIGNED_REQUEST : requireSignedRequest;
        }
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case REGISTER -> {
                if (context instanceof DynamicClientRegisterContext register) {
                    SignedRegistrationRequest signed = SignedRegistrationRequest.of(session);
                    if (signed == null && configuration.requireSignedRequest()) {
                        throw SoftwareStatementRefusal.metadata("This realm accepts only signed registration requests: send "
                                + "the client metadata as a JWT (Content-Type application/jwt) signed with a key of the "
                                + "software statement's jwks or jwks_uri");
                    }
                    SoftwareStatement statement = SoftwareStatement.of(session);
                    check(statement, register.getProposedClientRepresentation(), signed);
                }
            }
            case UPDATE -> {
                if (context instanceof DynamicClientUpdateContext update) {
                    SoftwareStatement presented = SoftwareStatement.of(session);
                    // RFC 7592 §2.2: an update without a statement keeps the one the client registered with
                    check(presented != null ? presented : SoftwareStatement.ofClient(update.getTargetClient()),
                            update.getProposedClientRepresentation(), null);
                }
            }
            default -> {
            }
        }
    }

    private void check(SoftwareStatement statement, ClientRepresentation client, SignedRegistrationRequest signed)
            throws ClientPolicyException {
        if (statement == null) {
            // RFC 7591 §3.2.2: no code names a missing statement; the request's metadata alone are not acceptable here
            throw SoftwareStatementRefusal.metadata("This realm registers clients only with a software statement "
                    + "signed by a trusted directory (RFC 7591 §2.3): add software_statement to the request");
        }
        if (!statement.stored()) {
            verifier().verify(statement, Time.currentTime());
        }
        if (signed != null) {
            // the statement is verified: its keys are the directory's word for the software's keys
            new RequestVerifier(configuration.allowedAlgorithms(), this::statementKeys, this::verifies)
                    .verify(signed, statement, issuer(), Time.currentTime());
        }
        if (configuration.bindTlsCertificate()) {
            checkCertificate(statement);
        }
        client.setRedirectUris(statement.allowedRedirectUris(client.getRedirectUris()));
        statement.storeOn(client);
        statement.approve();
    }

    StatementVerifier verifier() throws SoftwareStatementRefusal {
        List<TrustedDirectory> directories;
        try {
            directories = configuration.trustedDirectories();
        } catch (IllegalArgumentException e) {
            LOG.warnf("Executor %s in realm '%s': %s; no software statement is approved", getProviderId(),
                    session.getContext().getRealm().getName(), e.getMessage());
            directories = List.of();
        }
        return new StatementVerifier(directories, configuration.allowedAlgorithms(), this::keys, this::verifies);
    }

    /** The directory's keys: inline, or from its {@code jwks_uri} through Keycloak's key cache (reloaded for an unknown kid). */
    private List<KeyWrapper> keys(TrustedDirectory directory, String keyId) {
        if (directory.jwks() != null) {
            return JWKSUtils.getKeyWrappersForUse(directory.jwks(), JWK.Use.SIG, true).getKeys();
        }
        PublicKeyStorageProvider cache = session.getProvider(PublicKeyStorageProvider.class);
        String modelKey = session.getContext().getRealm().getId() + KEY_CACHE_PREFIX + directory.jwksUri();
        PublicKeyLoader loader = () -> JWKSUtils.getKeyWrappersForUse(ClientJwks.fetch(session, directory.jwksUri()), JWK.Use.SIG, true);
        try {
            List<KeyWrapper> keys = cache.getKeys(modelKey, loader);
            if (keyId != null && keys.stream().noneMatch(key -> keyId.equals(key.getKid())) && cache.reloadKeys(modelKey, loader)) {
                keys = cache.getKeys(modelKey, loader);
            }
            return keys;
        } catch (RuntimeException e) {
            LOG.warnf("Keys of trusted directory '%s' in realm '%s' not loaded from %s: %s", directory.issuer(),
                    session.getContext().getRealm().getName(), directory.jwksUri(), e);
            return List.of();
        }
    }

    /** The realm's issuer identifier as the discovery document names it: the frontend base URL and {@code /realms/<name>}. */
    private String issuer() {
        return UriBuilder.fromUri(session.getContext().getUri(UrlType.FRONTEND).getBaseUri()).path("realms").path("{realm}")
                .build(session.getContext().getRealm().getName()).toString();
    }

    /** The software's keys the statement names: its {@code jwks}, or its {@code jwks_uri} fetched through the outbound guard. */
    private List<KeyWrapper> statementKeys(SoftwareStatement statement) throws SoftwareStatementRefusal {
        try {
            JSONWebKeySet jwks;
            if (statement.jwks() != null) {
                jwks = JsonSerialization.mapper.convertValue(statement.jwks(), JSONWebKeySet.class);
            } else if (statement.jwksUri() != null) {
                jwks = ClientJwks.fetch(session, statement.jwksUri());
            } else {
                return List.of();
            }
            return jwks == null || jwks.getKeys() == null ? List.of()
                    : JWKSUtils.getKeyWrappersForUse(jwks, JWK.Use.SIG, true).getKeys();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Keys of the software statement of '%s' in realm '%s' not read: %s", statement.softwareId(),
                    session.getContext().getRealm().getName(), e);
            throw SoftwareStatementRefusal.invalid("The keys the software_statement names (jwks or jwks_uri) could not "
                    + "be read, so the signed registration request cannot be verified");
        }
    }

    private boolean verifies(String algorithm, KeyWrapper key, byte[] input, byte[] signature) {
        SignatureProvider provider = session.getProvider(SignatureProvider.class, algorithm);
        if (provider == null) return false;
        try {
            return provider.verifier(key).verify(input, signature);
        } catch (Exception e) {
            return false;
        }
    }

    /** Issue 21 §1: the TLS client certificate presented at registration names the statement's organisation. */
    private void checkCertificate(SoftwareStatement statement) throws SoftwareStatementRefusal {
        X509Certificate[] chain = null;
        X509ClientCertificateLookup lookup = session.getProvider(X509ClientCertificateLookup.class);
        try {
            chain = lookup == null ? null : lookup.getCertificateChain(session.getContext().getHttpRequest());
        } catch (Exception e) {
            LOG.debugf("No client certificate read at registration: %s", e);
        }
        if (chain == null || chain.length == 0) {
            throw SoftwareStatementRefusal.unapproved("This realm accepts a software statement only over mutual TLS with "
                    + "a certificate of the statement's organisation; no client certificate was presented");
        }
        if (statement.orgId() == null) {
            throw SoftwareStatementRefusal.invalid("software_statement has no org_id to bind the TLS client certificate to");
        }
        // RFC 7591 §3.2.2 unapproved_software_statement: "not approved for use by this authorization server"; the
        // statement verifies, but not for the party presenting it (invalid_software_statement is for the statement itself)
        if (!OrganisationCertificate.names(chain[0], statement.orgId())) {
            throw SoftwareStatementRefusal.unapproved("The TLS client certificate does not belong to the statement's "
                    + "organisation '" + statement.orgId() + "' (subject OU, organizationIdentifier, O, CN or a subject "
                    + "alternative name must name it)");
        }
    }
}
