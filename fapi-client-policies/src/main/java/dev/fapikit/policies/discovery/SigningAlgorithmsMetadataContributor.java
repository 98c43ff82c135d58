package dev.fapikit.policies.discovery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import dev.fapikit.policies.algorithm.SignatureAlgorithmExecutorFactory;
import dev.fapikit.core.metadata.MetadataContributor;
import dev.fapikit.core.metadata.SigningAlgorithms;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/** Narrows the metadata's signing algorithm lists to what the realm's policies accept. */
final class SigningAlgorithmsMetadataContributor implements MetadataContributor, SigningAlgorithms.Source {

    private static final Logger LOG = Logger.getLogger(SigningAlgorithmsMetadataContributor.class);

    static final String REQUEST_OBJECT_SIGNING_ALGS = "request_object_signing_alg_values_supported";

    /** Every metadata list of JWS algorithms a client signs with or has the server sign with for it. */
    static final List<String> SIGNING_LISTS = List.of(
            REQUEST_OBJECT_SIGNING_ALGS,
            "token_endpoint_auth_signing_alg_values_supported",
            "introspection_endpoint_auth_signing_alg_values_supported",
            "revocation_endpoint_auth_signing_alg_values_supported",
            "id_token_signing_alg_values_supported",
            "userinfo_signing_alg_values_supported",
            "authorization_signing_alg_values_supported",
            "backchannel_authentication_request_signing_alg_values_supported",
            "introspection_signing_alg_values_supported",
            // RFC 9449 §5.1; FAPI 2.0 Security Profile §5.4.1: PS256, ES256 or EdDSA
            "dpop_signing_alg_values_supported");

    @Override
    public void contribute(KeycloakSession session, RealmModel realm, Map<String, Object> metadata) {
        apply(metadata, activeAllowList(session, realm));
    }

    /** The lists this contributor leaves in the metadata, for code that signs on the realm's behalf (RFC 9701 responses). */
    @Override
    public Optional<Set<String>> allowedSigningAlgorithms(KeycloakSession session, RealmModel realm) {
        return activeAllowList(session, realm);
    }

    /** Drops {@code none} from the request object list, and with an allow-list, everything else it lacks from every list. */
    static void apply(Map<String, Object> metadata, Optional<Set<String>> allowList) {
        // FAPI 1.0 Part 2 §8.6, FAPI 2.0 Security Profile §5.4.1: unsigned request objects are never accepted.
        restrict(metadata, REQUEST_OBJECT_SIGNING_ALGS, alg -> !"none".equals(alg));
        allowList.ifPresent(allowed -> {
            for (String list : SIGNING_LISTS) {
                restrict(metadata, list, allowed::contains);
            }
        });
    }

    /**
     * @return the algorithms the realm's enabled policies allow through {@code fapi-kit-signature-algorithm} (the
     *         union over those policies), empty when no enabled policy uses that executor
     */
    static Optional<Set<String>> activeAllowList(KeycloakSession session, RealmModel realm) {
        try {
            ClientProfilesRepresentation profiles = session.clientPolicy().getClientProfiles(realm, true);
            ClientPoliciesRepresentation policies = session.clientPolicy().getClientPolicies(realm, true);
            return allowList(concat(policies.getPolicies(), policies.getGlobalPolicies()),
                    concat(profiles.getProfiles(), profiles.getGlobalProfiles()));
        } catch (ClientPolicyException e) {
            LOG.warnf("Realm %s: client policies unreadable, signing metadata left as Keycloak computed it: %s",
                    realm.getName(), e.getErrorDetail());
            return Optional.empty();
        }
    }

    static Optional<Set<String>> allowList(List<ClientPolicyRepresentation> policies, List<ClientProfileRepresentation> profiles) {
        Set<String> allowed = new LinkedHashSet<>();
        boolean governed = false;
        for (ClientPolicyRepresentation policy : policies) {
            if (!Boolean.TRUE.equals(policy.isEnabled()) || policy.getProfiles() == null) {
                continue;
            }
            for (ClientProfileRepresentation profile : profiles) {
                if (!policy.getProfiles().contains(profile.getName()) || profile.getExecutors() == null) {
                    continue;
                }
                for (var executor : profile.getExecutors()) {
                    if (SignatureAlgorithmExecutorFactory.PROVIDER_ID.equals(executor.getExecutorProviderId())) {
                        governed = true;
                        allowed.addAll(SignatureAlgorithmExecutorFactory.allowedAlgorithms(executor.getConfiguration()));
                    }
                }
            }
        }
        return governed ? Optional.of(allowed) : Optional.empty();
    }

    private static void restrict(Map<String, Object> metadata, String key, Predicate<String> keep) {
        if (metadata.get(key) instanceof List<?> values) {
            List<Object> kept = new ArrayList<>();
            for (Object value : values) {
                if (value instanceof String alg && keep.test(alg)) {
                    kept.add(alg);
                }
            }
            metadata.put(key, kept);
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>();
        if (a != null) {
            all.addAll(a);
        }
        if (b != null) {
            all.addAll(b);
        }
        return all;
    }
}
