package dev.fapikit.ciba.usercode;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * The user_code guesses (CIBA Core 1.0 §7.1) one user may have checked: at most {@link Limit#maxGuesses()} in any
 * window of {@link Limit#windowSeconds()}, counted apart from the realm's password brute-force protection so wrong
 * codes never lock other credentials.
 *
 * <p>Each check first claims one of the user's {@code maxGuesses} guess slots with the single-use store's atomic
 * {@link SingleUseObjectProvider#putIfAbsent} (immediate and cluster-wide, unlike {@code put}, which waits for the
 * transaction); a slot lives {@code windowSeconds} and then frees itself. A check that finds every slot taken is not
 * a guess. A right code gives its slot back, so a user who knows the code is never slowed down by their own use.
 * No counter is read and then written, so concurrent guesses on any number of nodes cannot exceed the limit.
 */
record UserCodeGuesses(SingleUseObjectProvider store, Limit limit) {

    /**
     * The server's guess limit (options on {@link UserCodeCredentialProviderFactory}).
     *
     * @param maxGuesses    guesses checked per user within one window
     * @param windowSeconds seconds each guess counts (a sliding window)
     */
    record Limit(int maxGuesses, int windowSeconds) {
    }

    /** Claims a guess for the user; the slot to {@link #giveBack}, or -1 when the user's guesses are used up. */
    int claim(String realmId, String userId) {
        for (int slot = 0; slot < limit.maxGuesses(); slot++) {
            if (store.putIfAbsent(key(realmId, userId, slot), limit.windowSeconds())) return slot;
        }
        return -1;
    }

    /** Frees the slot of a guess that was right. */
    void giveBack(String realmId, String userId, int slot) {
        store.remove(key(realmId, userId, slot));
    }

    static String key(String realmId, String userId, int slot) {
        return "fapi-kit-ciba." + realmId + ".user-code-guess." + userId + "." + slot;
    }
}
