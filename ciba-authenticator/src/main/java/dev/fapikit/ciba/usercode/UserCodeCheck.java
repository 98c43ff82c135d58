package dev.fapikit.ciba.usercode;

import dev.fapikit.ciba.events.Refusal;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * CIBA Core 1.0 §7.1 user_code at the backchannel endpoint. Guesses are limited per user by {@link UserCodeGuesses}
 * (options on {@link UserCodeCredentialProviderFactory}), not by the realm's brute-force protection: a wrong code never
 * locks the user's password or other credentials. A wrong code and a refused guess get the same answer after the same
 * work (the code is always hashed), so neither the answer nor its timing tells whether the user is locked or has a code.
 */
public final class UserCodeCheck {

    /** CIBA Core 1.0 §13: user_code required but missing. */
    public static final String MISSING_USER_CODE = "missing_user_code";
    /** CIBA Core 1.0 §13: user_code wrong. */
    public static final String INVALID_USER_CODE = "invalid_user_code";

    /** The one description of every refused code, whether wrong or over the guess limit. */
    static final String NOT_ACCEPTED = "The user_code was not accepted";

    private UserCodeCheck() {
    }

    /**
     * The refusal, or null when the code is right. Its detail is for the server's event and log only
     * ({@code missing}, {@code wrong}, {@code guess_limit}), never for the client.
     */
    public static Refusal check(KeycloakSession session, UserModel user, String userCode) {
        if (userCode == null || userCode.isEmpty()) {
            return new Refusal(MISSING_USER_CODE, "This client must send the user's user_code", "missing");
        }
        RealmModel realm = session.getContext().getRealm();
        var provider = (UserCodeCredentialProvider) session.getProvider(CredentialProvider.class, UserCodeCredentialProviderFactory.PROVIDER_ID);
        UserCodeGuesses guesses = provider.guesses();
        int slot = guesses.claim(realm.getId(), user.getId());
        // hashed whether or not the guess may count, so a locked user is answered after the same work
        boolean valid = provider.verify(realm, user, userCode);
        if (slot < 0) return new Refusal(INVALID_USER_CODE, NOT_ACCEPTED, "guess_limit");
        if (!valid) return new Refusal(INVALID_USER_CODE, NOT_ACCEPTED, "wrong");
        guesses.giveBack(realm.getId(), user.getId(), slot);
        return null;
    }
}
