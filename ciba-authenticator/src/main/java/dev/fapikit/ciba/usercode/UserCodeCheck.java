package dev.fapikit.ciba.usercode;

import java.util.Set;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * CIBA Core 1.0 §7.1 user_code at the backchannel endpoint. Wrong codes count as failed logins of the realm's
 * brute-force protection, so repeated guesses lock the user out like repeated wrong passwords.
 */
public final class UserCodeCheck {

    /** CIBA Core 1.0 §13: user_code required but missing. */
    public static final String MISSING_USER_CODE = "missing_user_code";
    /** CIBA Core 1.0 §13: user_code wrong. */
    public static final String INVALID_USER_CODE = "invalid_user_code";

    /** Outcome; {@code error} is null when the code is right. */
    public record Result(String error, String description) {
    }

    private UserCodeCheck() {
    }

    public static Result check(KeycloakSession session, UserModel user, String userCode) {
        if (userCode == null || userCode.isEmpty()) {
            return new Result(MISSING_USER_CODE, "This client must send the user's user_code");
        }
        RealmModel realm = session.getContext().getRealm();
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        boolean guarded = realm.isBruteForceProtected();
        if (guarded && (protector.isTemporarilyDisabled(session, realm, user) || protector.isPermanentlyLockedOut(session, realm, user))) {
            return new Result(INVALID_USER_CODE, "Too many wrong user codes; the user is locked out for now");
        }
        var provider = (UserCodeCredentialProvider) session.getProvider(CredentialProvider.class, UserCodeCredentialProviderFactory.PROVIDER_ID);
        boolean valid = provider.isValid(realm, user, new UserCredentialModel(null, UserCodeCredentialProvider.TYPE, userCode));
        if (guarded) {
            var connection = session.getContext().getConnection();
            var uri = session.getContext().getUri();
            // counted like a password: the user code is a knowledge factor of the same kind
            Set<String> category = Set.of(PasswordCredentialModel.TYPE);
            if (valid) protector.successfulLogin(realm, user, connection, uri, category);
            else protector.failedLogin(realm, user, connection, uri, category);
        }
        return valid ? new Result(null, null) : new Result(INVALID_USER_CODE, "The user_code is wrong");
    }
}
