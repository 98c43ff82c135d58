package dev.fapikit.ciba.usercode;

import java.util.List;
import java.util.Map;

import dev.fapikit.ciba.options.ServerOption;
import dev.fapikit.core.metadata.BundleInfo;
import org.keycloak.Config;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** The CIBA {@code user_code} credential (CIBA Core 1.0 §7.1), stored hashed like a password. */
public final class UserCodeCredentialProviderFactory implements CredentialProviderFactory<UserCodeCredentialProvider>, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "fapi-kit-ciba-user-code";

    /** Server option: user_code guesses checked per user within one guess window; further ones are refused unchecked. */
    public static final String USER_CODE_MAX_GUESSES = "user-code-max-guesses";
    // Keycloak's default brute-force failure factor is 30; a user_code of 8+ characters still gets few guesses (CIBA Core §15.1)
    static final int DEFAULT_USER_CODE_MAX_GUESSES = 5;

    /** Server option: seconds each user_code guess counts against the user (a sliding window). */
    public static final String USER_CODE_GUESS_WINDOW = "user-code-guess-window";
    static final int DEFAULT_USER_CODE_GUESS_WINDOW = 900; // 15 minutes, Keycloak's default maximum brute-force wait

    private UserCodeGuesses.Limit guessLimit = new UserCodeGuesses.Limit(DEFAULT_USER_CODE_MAX_GUESSES, DEFAULT_USER_CODE_GUESS_WINDOW);

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new UserCodeCredentialProvider(session, guessLimit);
    }

    @Override
    public void init(Config.Scope config) {
        int maxGuesses = config.getInt(USER_CODE_MAX_GUESSES, DEFAULT_USER_CODE_MAX_GUESSES);
        int guessWindowSeconds = config.getInt(USER_CODE_GUESS_WINDOW, DEFAULT_USER_CODE_GUESS_WINDOW);
        if (maxGuesses < 1 || guessWindowSeconds < 1) {
            throw new IllegalArgumentException(option(USER_CODE_MAX_GUESSES) + " and " + option(USER_CODE_GUESS_WINDOW) + " must be at least 1");
        }
        guessLimit = new UserCodeGuesses.Limit(maxGuesses, guessWindowSeconds);
    }

    private static String option(String key) {
        return "--spi-credential--" + PROVIDER_ID + "--" + key;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ServerOption.metadata(
                ServerOption.integer(USER_CODE_MAX_GUESSES, DEFAULT_USER_CODE_MAX_GUESSES,
                        "How many CIBA user_code guesses are checked per user within one guess window, counted on all nodes together. Further requests with a user_code for that user are answered invalid_user_code without a check (the same answer as a wrong code) until the oldest guess leaves the window; a right code does not count. Separate from the realm's brute-force protection: wrong codes never lock the user's password."),
                ServerOption.integer(USER_CODE_GUESS_WINDOW, DEFAULT_USER_CODE_GUESS_WINDOW,
                        "Seconds each CIBA user_code guess counts towards user-code-max-guesses (a sliding window)."));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new java.util.HashMap<>(BundleInfo.of(getClass()));
        info.put(USER_CODE_MAX_GUESSES, Integer.toString(guessLimit.maxGuesses()));
        info.put(USER_CODE_GUESS_WINDOW, Integer.toString(guessLimit.windowSeconds()));
        return info;
    }
}
