package dev.fapikit.ciba.hints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.IDToken;

/** Regression tests for what {@code HintResolverFuzzTest} found in the id_token_hint decision (OIDC Core §3.1.2.1). */
class HintResolverTest {

    private static final String ISSUER = "https://idp.example/realms/fapi";

    private static IDToken idToken() {
        IDToken t = new IDToken();
        t.type("ID");
        t.issuer(ISSUER);
        t.issuedFor("client-a");
        return t;
    }

    @Test
    @DisplayName("An ID token without sub is unknown_user_id, not a user lookup by null")
    void idTokenHintWithoutSubIsUnknownUserId() {
        assertThatThrownBy(() -> HintResolver.idTokenHintSubject(idToken(), ISSUER, "client-a"))
                .isInstanceOfSatisfying(HintException.class, e -> assertThat(e.error()).isEqualTo(HintResolver.UNKNOWN_USER_ID));
    }

    @Test
    @DisplayName("An aud array with a non-string member (read as null) is checked, not a NullPointerException")
    void idTokenHintWithNonStringAudienceMemberIsCheckedNotAnException() {
        IDToken other = idToken();
        other.issuedFor(null);
        other.subject("u-1");
        other.audience("other", null);
        assertThatThrownBy(() -> HintResolver.idTokenHintSubject(other, ISSUER, "client-a"))
                .isInstanceOfSatisfying(HintException.class, e -> assertThat(e.error()).isEqualTo("invalid_request"));
        other.audience(null, "client-a");
        assertThat(HintResolver.idTokenHintSubject(other, ISSUER, "client-a")).isEqualTo("u-1");
    }

    @Test
    @DisplayName("An ID token of this realm issued to this client names its sub")
    void idTokenHintNamesItsSub() {
        IDToken t = idToken();
        t.subject("u-1");
        assertThat(HintResolver.idTokenHintSubject(t, ISSUER, "client-a")).isEqualTo("u-1");
    }

    @Test
    @DisplayName("An ID token without typ (fapi-kit-id-token-claims) names its sub; an access token (typ Bearer) is invalid_request")
    void idTokenWithoutTypIsAcceptedAccessTokenIsNot() {
        IDToken t = idToken();
        t.subject("u-1");
        t.type(null);
        assertThat(HintResolver.idTokenHintSubject(t, ISSUER, "client-a")).isEqualTo("u-1");
        t.type("Bearer");
        assertThatThrownBy(() -> HintResolver.idTokenHintSubject(t, ISSUER, "client-a"))
                .isInstanceOfSatisfying(HintException.class, e -> assertThat(e.error()).isEqualTo("invalid_request"));
    }
}
