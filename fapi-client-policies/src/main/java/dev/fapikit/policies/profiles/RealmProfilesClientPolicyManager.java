package dev.fapikit.policies.profiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.securityprofile.SecurityProfileProvider;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.ClientPolicyManager;

/**
 * Delegates every call to Keycloak's manager; before a realm's own profiles are validated (realm import, realm update,
 * the profiles endpoint), the realm's copies of FAPI Kit's global profiles are left out, each with one log line:
 * INFO when the copy equals the global profile, WARN when it differs (the global profile applies; a customised
 * profile must have a name of its own).
 */
final class RealmProfilesClientPolicyManager implements ClientPolicyManager {

    private static final Logger LOG = Logger.getLogger(RealmProfilesClientPolicyManager.class);

    private final KeycloakSession session;
    private final ClientPolicyManager keycloak;

    RealmProfilesClientPolicyManager(KeycloakSession session, ClientPolicyManager keycloak) {
        this.session = session;
        this.keycloak = keycloak;
    }

    @Override
    public void updateRealmModelFromRepresentation(RealmModel realm, RealmRepresentation rep) {
        ClientProfilesRepresentation declared = rep.getParsedClientProfiles();
        if (declared != null) {
            ClientProfilesRepresentation kept = withoutGlobalCopies(realm, declared);
            if (kept != declared) {
                rep.setParsedClientProfiles(kept);
            }
        }
        keycloak.updateRealmModelFromRepresentation(realm, rep);
    }

    @Override
    public void updateClientProfiles(RealmModel realm, ClientProfilesRepresentation profiles) throws ClientPolicyException {
        keycloak.updateClientProfiles(realm, profiles == null ? null : withoutGlobalCopies(realm, profiles));
    }

    /** The same object when nothing is left out. */
    ClientProfilesRepresentation withoutGlobalCopies(RealmModel realm, ClientProfilesRepresentation declared) {
        List<ClientProfileRepresentation> profiles = declared.getProfiles();
        Set<String> fapiKit = GlobalProfilesProviderFactory.fapiKitProfileNames(session);
        if (profiles == null || fapiKit.isEmpty() || profiles.stream().noneMatch(p -> fapiKit.contains(p.getName()))) {
            return declared;
        }
        Map<String, ClientProfileRepresentation> global = session.getProvider(SecurityProfileProvider.class).getDefaultClientProfiles()
                .stream().collect(Collectors.toMap(ClientProfileRepresentation::getName, Function.identity(), (a, b) -> a));
        List<ClientProfileRepresentation> kept = new ArrayList<>();
        for (ClientProfileRepresentation profile : profiles) {
            if (!fapiKit.contains(profile.getName())) {
                kept.add(profile);
            } else if (sameExecutors(profile, global.get(profile.getName()))) {
                LOG.infof("Realm '%s' declares client profile '%s', which FAPI Kit provides as a global profile: the realm's copy "
                        + "(identical) is left out and its policies use the global profile", realm.getName(), profile.getName());
            } else {
                LOG.warnf("Realm '%s' declares its own client profile '%s', which differs from FAPI Kit's global profile of that "
                        + "name: the realm's copy is left out and its policies use the global profile. To keep a customised "
                        + "profile, give it a name of its own and name that in the policies", realm.getName(), profile.getName());
            }
        }
        ClientProfilesRepresentation result = new ClientProfilesRepresentation();
        result.setProfiles(kept);
        result.setGlobalProfiles(declared.getGlobalProfiles());
        return result;
    }

    private static boolean sameExecutors(ClientProfileRepresentation declared, ClientProfileRepresentation global) {
        if (global == null) return false;
        return Objects.equals(executors(declared), executors(global));
    }

    // JsonNode equality: the same configuration whatever the order of its keys
    private static List<List<Object>> executors(ClientProfileRepresentation profile) {
        List<ClientPolicyExecutorRepresentation> executors = profile.getExecutors() == null ? List.of() : profile.getExecutors();
        return executors.stream().map(e -> java.util.Arrays.<Object>asList(e.getExecutorProviderId(), e.getConfiguration())).toList();
    }

    @Override
    public void triggerOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        keycloak.triggerOnEvent(context);
    }

    @Override
    public void setupClientPoliciesOnCreatedRealm(RealmModel realm) {
        keycloak.setupClientPoliciesOnCreatedRealm(realm);
    }

    @Override
    public ClientProfilesRepresentation getClientProfiles(RealmModel realm, boolean includeGlobalProfiles) throws ClientPolicyException {
        return keycloak.getClientProfiles(realm, includeGlobalProfiles);
    }

    @Override
    public void updateClientPolicies(RealmModel realm, ClientPoliciesRepresentation policies) throws ClientPolicyException {
        keycloak.updateClientPolicies(realm, policies);
    }

    @Override
    public ClientPoliciesRepresentation getClientPolicies(RealmModel realm, boolean includeGlobalPolicies) throws ClientPolicyException {
        return keycloak.getClientPolicies(realm, includeGlobalPolicies);
    }

    @Override
    public void updateRealmRepresentationFromModel(RealmModel realm, RealmRepresentation rep) {
        keycloak.updateRealmRepresentationFromModel(realm, rep);
    }

    @Override
    public void close() {
        keycloak.close();
    }
}
