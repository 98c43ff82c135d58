package dev.fapikit.ciba.fuzz;

import static dev.fapikit.core.fuzz.Invariant.check;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fapikit.ciba.hints.HintException;
import dev.fapikit.ciba.hints.SubjectIdentifier;
import dev.fapikit.ciba.hints.UserHint;

/**
 * The user hints of a backchannel request (CIBA Core 1.0 §7.1): a login_hint_token's {@code sub_id} (RFC 9493) as it
 * comes out of the token's JSON, and the one-hint rule. Any input ends in a result or a {@link HintException} with
 * {@code invalid_request}, never another exception, and the same input gives the same outcome.
 */
class SubjectIdentifierFuzzTest {

    /** Keycloak reads JWT claims with Jackson; other claims become maps, lists, strings and numbers as here. */
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "30s")
    void subIdParsesOrIsRefusedAsInvalidRequest(FuzzedDataProvider data) {
        String json = data.consumeRemainingAsString();
        Object claims;
        try {
            claims = JSON.readValue(json, Object.class);
        } catch (IOException notJson) {
            return; // Keycloak refuses a token whose payload is not JSON before our parser runs
        }
        Object subId = claims instanceof Map<?, ?> m && m.containsKey("sub_id") ? m.get("sub_id") : claims;
        String first = outcome(subId);
        check(first.equals(outcome(subId)), "same outcome twice", json);
    }

    private static String outcome(Object subId) {
        try {
            SubjectIdentifier id = SubjectIdentifier.parse(subId);
            check(id.format() != null && id.value() != null && !id.value().isBlank(), "a parsed sub_id has a value", subId);
            check(id.format() != SubjectIdentifier.Format.ISS_SUB || id.issuer() != null && !id.issuer().isBlank(),
                    "an iss_sub sub_id has an issuer", subId);
            return id.toString();
        } catch (HintException e) {
            check("invalid_request".equals(e.error()), "refused as invalid_request", subId);
            return "refused:" + e.getMessage();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void exactlyOneHintOrInvalidRequest(FuzzedDataProvider data) {
        EnumSet<UserHint.Type> allowed = EnumSet.noneOf(UserHint.Type.class);
        for (UserHint.Type t : UserHint.Type.values()) {
            if (data.consumeBoolean()) allowed.add(t);
        }
        String loginHint = data.consumeBoolean() ? data.consumeString(64) : null;
        String loginHintToken = data.consumeBoolean() ? data.consumeString(64) : null;
        String idTokenHint = data.consumeBoolean() ? data.consumeRemainingAsString() : null;
        int present = (loginHint != null ? 1 : 0) + (loginHintToken != null ? 1 : 0) + (idTokenHint != null ? 1 : 0);
        try {
            UserHint hint = UserHint.exactlyOne(loginHint, loginHintToken, idTokenHint, allowed);
            check(present == 1, "accepted only with exactly one hint", present);
            check(allowed.contains(hint.type()) && !hint.value().isBlank(), "accepted hint is allowed and not blank", hint);
        } catch (HintException e) {
            check("invalid_request".equals(e.error()), "refused as invalid_request", e.getMessage());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void hintTypeSettingParsesOrIsRefused(FuzzedDataProvider data) {
        String name = data.consumeRemainingAsString();
        try {
            UserHint.Type type = UserHint.Type.fromParameter(name);
            check(type.parameter().equals(name.trim().toLowerCase(java.util.Locale.ROOT)), "parsed name is the parameter", name);
        } catch (IllegalArgumentException documented) {
            // the documented refusal of an unknown hint type in the client or realm setting
        }
    }
}
