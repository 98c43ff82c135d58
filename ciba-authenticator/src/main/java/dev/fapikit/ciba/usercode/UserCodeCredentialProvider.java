package dev.fapikit.ciba.usercode;

import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * A user's CIBA user code: a secret the user chose, hashed with the realm's password hashing (algorithm and
 * iterations of the password policy), never stored in clear. At most one per user.
 */
public final class UserCodeCredentialProvider implements CredentialProvider<CredentialModel>, CredentialInputValidator {

    /** Credential type of the user code. */
    public static final String TYPE = "fapi-kit-ciba-user-code";

    private final KeycloakSession session;
    private final UserCodeGuesses.Limit guessLimit;

    UserCodeCredentialProvider(KeycloakSession session, UserCodeGuesses.Limit guessLimit) {
        this.session = session;
        this.guessLimit = guessLimit;
    }

    /** The per-user guess limit of this server (CIBA Core 1.0 §7.1 user_code). */
    UserCodeGuesses guesses() {
        return new UserCodeGuesses(session.singleUseObjects(), guessLimit);
    }

    @Override
    public String getType() {
        return TYPE;
    }

    /** Replaces the user's code with {@code rawCode}, hashed. */
    public void set(RealmModel realm, UserModel user, String rawCode) {
        PasswordCredentialModel encoded = realmHash(realm).encodedCredential(rawCode, realm.getPasswordPolicy().getHashIterations());
        CredentialModel model = new CredentialModel();
        model.setType(TYPE);
        model.setUserLabel("CIBA user code");
        model.setCredentialData(encoded.getCredentialData());
        model.setSecretData(encoded.getSecretData());
        user.credentialManager().getStoredCredentialsByTypeStream(TYPE).toList()
                .forEach(c -> user.credentialManager().removeStoredCredentialById(c.getId()));
        user.credentialManager().createStoredCredential(model);
    }

    // the realm's password hashing: its policy's algorithm, else the server default (as Keycloak hashes passwords)
    private PasswordHashProvider realmHash(RealmModel realm) {
        PasswordPolicy policy = realm.getPasswordPolicy();
        PasswordHashProvider hash = policy.getHashAlgorithm() != null
                ? session.getProvider(PasswordHashProvider.class, policy.getHashAlgorithm()) : null;
        return hash != null ? hash : session.getProvider(PasswordHashProvider.class);
    }

    /**
     * Whether {@code rawCode} is the user's code. A user without a code costs one hash of the realm's password
     * hashing too, so the time taken does not tell who has a code.
     */
    boolean verify(RealmModel realm, UserModel user, String rawCode) {
        if (isConfiguredFor(realm, user, TYPE)) {
            return isValid(realm, user, new UserCredentialModel(null, TYPE, rawCode));
        }
        realmHash(realm).encodedCredential(rawCode, realm.getPasswordPolicy().getHashIterations());
        return false;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, CredentialModel credentialModel) {
        return user.credentialManager().createStoredCredential(credentialModel);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public CredentialModel getCredentialFromModel(CredentialModel model) {
        return model;
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return TYPE.equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && user.credentialManager().getStoredCredentialsByTypeStream(TYPE).findAny().isPresent();
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!supportsCredentialType(input.getType()) || input.getChallengeResponse() == null) return false;
        return user.credentialManager().getStoredCredentialsByTypeStream(TYPE).findFirst().map(stored -> {
            PasswordCredentialModel pcm = PasswordCredentialModel.createFromCredentialModel(stored);
            PasswordHashProvider hash = session.getProvider(PasswordHashProvider.class, pcm.getPasswordCredentialData().getAlgorithm());
            return hash != null && hash.verify(input.getChallengeResponse(), pcm);
        }).orElse(false);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder().type(TYPE).category(CredentialTypeMetadata.Category.BASIC_AUTHENTICATION)
                .displayName("fapiKitCibaUserCodeDisplayName").helpText("fapiKitCibaUserCodeHelpText")
                .createAction(SetUserCodeRequiredActionFactory.PROVIDER_ID).updateAction(SetUserCodeRequiredActionFactory.PROVIDER_ID)
                .removeable(true).build(session);
    }
}
