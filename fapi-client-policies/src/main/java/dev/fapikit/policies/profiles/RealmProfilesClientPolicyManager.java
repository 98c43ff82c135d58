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
record RealmProfilesClientPolicyManager(KeycloakSession session, ClientPolicyManager keycloak) implements ClientPolicyManager {

    private static final Logger LOG = Logger.getLogger(RealmProfilesClientPolicyManager.class);

    @Override
    public void updateRealmModelFromRepresentation(RealmModel realm, RealmRepresentation rep) {
        ClientProfilesRepresentation declared = rep.getParsedClientProfiles();
        if (declared != null) {
            ClientProfilesRepresentation kept;
            try {
                kept = withoutGlobalCopies(realm, declared, false);
            } catch (ClientPolicyException e) {
                throw new IllegalStateException(e); // not thrown when differing copies are kept under another name
            }
            if (kept != declared) {
                rep.setParsedClientProfiles(kept);
            }
        }
        keycloak.updateRealmModelFromRepresentation(realm, rep);
    }

    @Override
    public void updateClientProfiles(RealmModel realm, ClientProfilesRepresentation profiles) throws ClientPolicyException {
        // an admin editing a profile gets an answer, not a silently discarded change
        keycloak.updateClientProfiles(realm, profiles == null ? null : withoutGlobalCopies(realm, profiles, true));
    }

    /**
     * The realm's profiles without its copies of FAPI Kit's global profiles (the same object when there are none). An
     * identical copy is left out; a customised one is refused ({@code refuseCustomised}: an admin edit, which gets a
     * 400 naming the profile) or kept under the name {@code <name>-realm-copy}, unused, so that nothing an admin
     * configured is lost (realm import, realm update, the start-up pass).
     */
    ClientProfilesRepresentation withoutGlobalCopies(RealmModel realm, ClientProfilesRepresentation declared, boolean refuseCustomised)
            throws ClientPolicyException {
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
            } else if (refuseCustomised) {
                // Keycloak's profiles endpoint answers {"errorMessage": <error>}: the sentence is the error
                throw new ClientPolicyException("Client profile '" + profile.getName() + "' is a global profile provided by FAPI Kit "
                        + "and cannot be changed in a realm; save your customised profile under a name of its own and name that in "
                        + "the policies");
            } else {
                String backup = backupName(profile.getName(), profiles);
                ClientProfileRepresentation copy = new ClientProfileRepresentation();
                copy.setName(backup);
                copy.setDescription("The realm's customised copy of " + profile.getName() + ", kept by FAPI Kit; no policy uses it");
                copy.setExecutors(profile.getExecutors());
                kept.add(copy);
                LOG.warnf("Realm '%s' declares its own client profile '%s', which differs from FAPI Kit's global profile of that "
                        + "name: its policies now use the global profile; the realm's copy is kept, unused, as '%s'. To use a "
                        + "customised profile, name '%s' (or a renamed copy) in the policies", realm.getName(), profile.getName(),
                        backup, backup);
            }
        }
        ClientProfilesRepresentation result = new ClientProfilesRepresentation();
        result.setProfiles(kept);
        result.setGlobalProfiles(declared.getGlobalProfiles());
        return result;
    }

    private static String backupName(String name, List<ClientProfileRepresentation> taken) {
        Set<String> names = taken.stream().map(ClientProfileRepresentation::getName).collect(Collectors.toSet());
        String backup = name + "-realm-copy";
        for (int i = 2; names.contains(backup); i++) {
            backup = name + "-realm-copy-" + i;
        }
        return backup;
    }

    /**
     * At start-up, in every realm: copies of FAPI Kit's global profiles stored by an earlier release (which told admins
     * to import the profiles per realm) would shadow the current global profiles, since Keycloak looks in the realm
     * first; they are replaced as at import. And an enabled policy that names a profile that exists nowhere (FAPI Kit's
     * security profile switched off, a profile removed) enforces nothing while Keycloak only logs it at TRACE: said
     * here, at ERROR.
     */
    void startUpPass(RealmModel realm) {
        try {
            ClientProfilesRepresentation stored = keycloak.getClientProfiles(realm, false);
            if (stored != null) {
                ClientProfilesRepresentation kept = withoutGlobalCopies(realm, stored, false);
                if (kept != stored) keycloak.updateClientProfiles(realm, kept);
            }
            Set<String> known = new java.util.HashSet<>();
            ClientProfilesRepresentation all = keycloak.getClientProfiles(realm, true);
            if (all.getProfiles() != null) all.getProfiles().forEach(p -> known.add(p.getName()));
            if (all.getGlobalProfiles() != null) all.getGlobalProfiles().forEach(p -> known.add(p.getName()));
            ClientPoliciesRepresentation policies = keycloak.getClientPolicies(realm, false);
            if (policies == null || policies.getPolicies() == null) return;
            for (var policy : policies.getPolicies()) {
                if (!policy.isEnabled() || policy.getProfiles() == null) continue;
                for (String profile : policy.getProfiles()) {
                    if (!known.contains(profile)) {
                        LOG.errorf("Realm '%s': client policy '%s' names client profile '%s', which does not exist; Keycloak skips it, so "
                                + "the policy does not enforce it. %s", realm.getName(), policy.getName(), profile,
                                profile.startsWith("fapi-kit-") ? "FAPI Kit's profiles are global only while its security profile "
                                        + "'fapi-kit' is active (not with --spi-security-profile--provider=default)." : "");
                    }
                }
            }
        } catch (ClientPolicyException | RuntimeException e) {
            LOG.errorf(e, "Realm '%s': the client profiles could not be checked at start-up", realm.getName());
        }
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
