package dev.fapikit.ciba.fuzz;

import static dev.fapikit.core.fuzz.Invariant.check;

import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.fapikit.ciba.approval.AcrRequirement;
import dev.fapikit.ciba.approval.CsrfToken;

/**
 * What the approval page and the authenticator-app API read from a request: {@code acr_values} and the token's
 * {@code acr} (levels), and the approval form's CSRF token. Levels are never an exception and stay in range; a forged
 * CSRF token never matches.
 */
class ApprovalInputsFuzzTest {

    private static final Map<String, Integer> ACR_TO_LOA = Map.of("silver", 1, "gold", 2, "urn:mace:incommon:iap:gold", 3);
    private static final SecretKey KEY = new SecretKeySpec(new byte[32], "HmacSHA256");

    @FuzzTest(maxDuration = "30s")
    void levelsAreTotal(FuzzedDataProvider data) {
        String acr = data.consumeString(200);
        String acrValues = data.consumeRemainingAsString();
        int required = AcrRequirement.requiredLevel(acrValues, ACR_TO_LOA);
        int level = AcrRequirement.levelOf(acr, ACR_TO_LOA);
        check(required >= 0 && required <= 999, "required level in 0..999", acrValues);
        check(level >= -1 && level <= 999, "level in -1..999", acr);
        check(required == AcrRequirement.requiredLevel(acrValues, ACR_TO_LOA), "same required level twice", acrValues);
    }

    @FuzzTest(maxDuration = "30s")
    void forgedCsrfTokenNeverMatches(FuzzedDataProvider data) {
        String sessionId = data.consumeString(64);
        String presented = data.consumeRemainingAsString();
        boolean genuine = presented.equals(CsrfToken.issue(KEY, sessionId));
        check(CsrfToken.matches(KEY, sessionId, presented) == genuine, "only the issued token matches", presented);
    }
}
