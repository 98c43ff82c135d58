package dev.fapikit.policies.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.fapikit.core.policy.ConfiguredExecutor;
import dev.fapikit.core.registration.MetadataRefusal;
import dev.fapikit.policies.PresentedJwt;

import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.authenticators.client.JWTClientAuthenticator;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jwk.JWKParser;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.keys.loader.PublicKeyStorageManager;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.util.CertificateInfoHelper;
import org.keycloak.services.x509.X509ClientCertificateLookup;
import org.keycloak.util.JsonSerialization;

/** Refuses client keys below the configured RSA and elliptic curve sizes. */
final class ClientKeyStrengthExecutor extends ConfiguredExecutor<ClientKeyStrengthExecutor.Configuration> {

    /** Where Keycloak keeps a client's certificate for {@code private_key_jwt} (admin console "Keys" tab). */
    static final String CERTIFICATE_ATTRIBUTE = JWTClientAuthenticator.ATTR_PREFIX + "." + CertificateInfoHelper.X509CERTIFICATE;

    ClientKeyStrengthExecutor(KeycloakSession session) {
        super(ClientKeyStrengthExecutorFactory.PROVIDER_ID, Configuration.class, Configuration::new, session);
    }

    /** Settings of one {@value ClientKeyStrengthExecutorFactory#PROVIDER_ID} executor in a client profile. */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

        @JsonProperty(ClientKeyStrengthExecutorFactory.MIN_RSA_KEY_SIZE)
        private Integer minRsaKeySize;

        @JsonProperty(ClientKeyStrengthExecutorFactory.MIN_EC_KEY_SIZE)
        private Integer minEcKeySize;

        /** The profile's floor; a size it does not set keeps its default. */
        KeyFloor floor() {
            return new KeyFloor(minRsaKeySize == null ? ClientKeyStrengthExecutorFactory.DEFAULT_MIN_RSA_KEY_SIZE : minRsaKeySize,
                    minEcKeySize == null ? ClientKeyStrengthExecutorFactory.DEFAULT_MIN_EC_KEY_SIZE : minEcKeySize);
        }
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> checkRepresentation(((ClientCRUDContext) context).getProposedClientRepresentation());
            case PUSHED_AUTHORIZATION_REQUEST, BACKCHANNEL_AUTHENTICATION_REQUEST, TOKEN_REQUEST,
                 SERVICE_ACCOUNT_TOKEN_REQUEST, TOKEN_REFRESH, TOKEN_REVOKE, TOKEN_INTROSPECT, BACKCHANNEL_TOKEN_REQUEST,
                 DEVICE_TOKEN_REQUEST, TOKEN_EXCHANGE_REQUEST -> {
                checkPresentedJwts(context);
                checkTlsClientCertificate();
            }
            case AUTHORIZATION_REQUEST -> checkPresentedJwts(context);
            default -> {
            }
        }
    }

    /** Keys that enter with a registration or update: {@code jwks} (with {@code x5c}) and the client certificate. */
    void checkRepresentation(ClientRepresentation client) throws ClientPolicyException {
        Map<String, String> attributes = client == null ? null : client.getAttributes();
        if (attributes == null) {
            return;
        }
        String jwks = attributes.get(OIDCConfigAttributes.JWKS_STRING);
        if (jwks != null && !jwks.isBlank()) {
            checkJwks(jwks);
        }
        String certificate = attributes.get(CERTIFICATE_ATTRIBUTE);
        if (certificate != null && !certificate.isBlank()) {
            check(parseCertificate(certificate).getPublicKey(), "client certificate");
        }
    }

    private void checkJwks(String jwksJson) throws ClientPolicyException {
        JSONWebKeySet jwks;
        try {
            jwks = JsonSerialization.readValue(jwksJson, JSONWebKeySet.class);
        } catch (IOException e) {
            throw metadataRefusal("jwks is not a JSON Web Key Set (RFC 7517 §5)");
        }
        if (jwks.getKeys() == null) {
            return;
        }
        for (JWK jwk : jwks.getKeys()) {
            String name = "jwks key " + (jwk.getKeyId() == null ? "without kid" : "'" + jwk.getKeyId() + "'");
            Optional<KeyStrength> strength;
            try {
                strength = KeyStrength.of(jwk);
            } catch (RuntimeException malformed) {
                // RFC 7518 §6: key parameters are base64url strings; anything else is no key (found by fuzzing)
                throw metadataRefusal(name + " is not a valid JSON Web Key (RFC 7517 §4, RFC 7518 §6)");
            }
            if (strength.isPresent()) {
                check(strength.get(), name);
            }
            String[] chain = jwk.getX509CertificateChain();
            if (chain != null) {
                for (String certificate : chain) {
                    // RFC 7517 §4.7: x5c holds base64 (not base64url) DER certificates.
                    check(parseCertificate(certificate).getPublicKey(), name + " x5c certificate");
                }
            }
        }
    }

    private void checkPresentedJwts(ClientPolicyContext context) throws ClientPolicyException {
        ClientModel client = session.getContext().getClient();
        if (client == null) {
            return;
        }
        for (PresentedJwt jwt : PresentedJwt.of(session, context)) {
            String alg = jwt.algorithm();
            if (alg == null || "none".equalsIgnoreCase(alg) || alg.startsWith("HS")) {
                continue; // no client key: unsigned (refused by fapi-kit-signature-algorithm) or MAC with the secret
            }
            // The key Keycloak verified the signature with: for a DPoP proof the jwk it carries (RFC 9449 §4.2), else
            // the client's (client JWKS, jwks_uri or certificate, cached).
            Object verifiedWith = jwt.kind().isDpopProof() ? dpopKey(jwt)
                    : Optional.ofNullable(PublicKeyStorageManager.getClientPublicKeyWrapper(session, client, jwt.jws()))
                            .map(KeyWrapper::getPublicKey).orElse(null);
            if (verifiedWith instanceof PublicKey publicKey) {
                Optional<KeyStrength> strength = KeyStrength.of(publicKey);
                if (strength.isPresent()) {
                    String reason = refusalReason(strength.get());
                    if (reason != null) {
                        throw jwt.kind().refusal("is signed with a key that is too weak: " + reason);
                    }
                }
            }
        }
    }

    private static PublicKey dpopKey(PresentedJwt jwt) {
        JWK jwk = jwt.jws().getHeader().getKey();
        try {
            return jwk == null ? null : JWKParser.create(jwk).toPublicKey();
        } catch (RuntimeException e) {
            return null; // Keycloak's DPoP validation refuses a proof whose jwk is no usable public key
        }
    }

    /** RFC 8705 §2: the certificate a client authenticates or binds tokens with is a client key as well. */
    private void checkTlsClientCertificate() throws ClientPolicyException {
        X509ClientCertificateLookup lookup = session.getProvider(X509ClientCertificateLookup.class);
        if (lookup == null) {
            return;
        }
        X509Certificate[] chain;
        try {
            chain = lookup.getCertificateChain(session.getContext().getHttpRequest());
        } catch (GeneralSecurityException e) {
            return; // no usable certificate: the authenticator or holder-of-key check decides
        }
        if (chain != null && chain.length > 0) {
            Optional<KeyStrength> strength = KeyStrength.of(chain[0].getPublicKey());
            String reason = strength.isPresent() ? refusalReason(strength.get()) : null;
            if (reason != null) {
                throw new ClientPolicyException(OAuthErrorException.INVALID_CLIENT,
                        "TLS client certificate key is too weak: " + reason,
                        Response.Status.UNAUTHORIZED);
            }
        }
    }

    private void check(PublicKey key, String name) throws ClientPolicyException {
        Optional<KeyStrength> strength = KeyStrength.of(key);
        if (strength.isPresent()) {
            check(strength.get(), name);
        }
    }

    private void check(KeyStrength strength, String name) throws ClientPolicyException {
        String reason = refusalReason(strength);
        if (reason != null) {
            throw new MetadataRefusal(name + " is too weak: " + reason);
        }
    }

    /** @return why a key is refused, or {@code null} when it meets the floor */
    String refusalReason(KeyStrength strength) {
        return configuration.floor().refusalReason(strength).orElse(null);
    }

    private static X509Certificate parseCertificate(String base64OrPem) throws ClientPolicyException {
        String body = base64OrPem.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s", "");
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(body)));
        } catch (CertificateException | IllegalArgumentException e) {
            throw metadataRefusal("client certificate is not a base64 DER X.509 certificate");
        }
    }

    private static ClientPolicyException metadataRefusal(String detail) {
        return new MetadataRefusal(detail);
    }
}
