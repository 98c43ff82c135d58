package dev.fapikit.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;

/**
 * CIBA Core 1.0 §7.1 user_code against guessing (issue 16 §6): at most {@code user-code-max-guesses} (5) guesses per
 * user are checked per window, however many arrive at once; a wrong code never locks the user's password; and the
 * answer is the same whether the code was wrong or the user is out of guesses.
 */
@FapiKitServer
class UserCodeGuessingIT {

    private static final String ALICE_CODE = "4711 blue sky";
    private static final String BOB_CODE = "0815 red moon";
    private static final int MAX_GUESSES = 5; // the server default of user-code-max-guesses
    private static CibaAbuseRealm realm;

    @BeforeAll
    static void setUp(FapiKit kit) {
        realm = CibaAbuseRealm.create(kit, "user-code-guessing");
        // a strict password lockout: had code guesses been counted as password failures, alice would be locked
        realm.realmSettings(Map.of("bruteForceProtected", true, "failureFactor", 3, "waitIncrementSeconds", 900,
                "maxFailureWaitSeconds", 900, "permanentLockout", false));
        realm.clientAttributes("speaker", Map.of("fapi-kit-ciba-user-code", "true"));
        realm.setUserCode("alice", ALICE_CODE);
        realm.setUserCode("bob", BOB_CODE);
    }

    @Test
    @DisplayName("60 concurrent wrong guesses: at most 5 are checked, then even the right code is refused; alice's password and bob are untouched")
    void concurrentGuessesAreLimited() throws Exception {
        List<HttpResponse<String>> answers = burst(60, "alice", i -> "wrong-" + i);
        for (HttpResponse<String> r : answers) assertRefused(r);

        List<String> checks = new ArrayList<>();
        for (JsonNode e : realm.backchannelErrors("alice")) checks.add(e.path("details").path("user_code_check").asText());
        assertThat(checks).as("one error event per guess").hasSize(60);
        assertThat(checks.stream().filter("wrong"::equals).count()).as("guesses actually checked").isLessThanOrEqualTo(MAX_GUESSES);
        assertThat(checks.stream().filter("guess_limit"::equals).count()).isGreaterThanOrEqualTo(60 - MAX_GUESSES);

        // within the window the right code is refused too, with the same answer as a wrong one
        HttpResponse<String> right = realm.backchannel("speaker", "login_hint", "alice", "user_code", ALICE_CODE);
        assertRefused(right);
        assertThat(right.body()).isEqualTo(answers.get(0).body());

        // the guesses are not password failures: alice signs in with her password
        HttpResponse<String> password = realm.passwordLogin("alice", "openid");
        assertThat(password.statusCode()).as(password.body()).isEqualTo(200);
        JsonNode bruteForce = realm.kit.admin().get("realms/" + realm.name + "/attack-detection/brute-force/users/" + realm.userId("alice"));
        assertThat(bruteForce.get("numFailures").asInt()).isZero();
        assertThat(bruteForce.get("disabled").asBoolean()).isFalse();

        // another user's guesses are their own
        HttpResponse<String> bob = realm.backchannel("speaker", "login_hint", "bob", "user_code", BOB_CODE);
        assertThat(bob.statusCode()).as(bob.body()).isEqualTo(200);
        realm.denyAll("bob");
    }

    @Test
    @DisplayName("a wrong code answers the same whether the user still has guesses, is out of them, or has no code at all")
    void answersDoNotTellTheLockState() {
        String carol = realm.createUser("carol");
        String dave = realm.createUser("dave");
        realm.setUserCode(dave, "dave's long code");

        HttpResponse<String> noCode = realm.backchannel("speaker", "login_hint", carol, "user_code", "12345678");
        assertRefused(noCode);
        HttpResponse<String> firstWrong = realm.backchannel("speaker", "login_hint", dave, "user_code", "12345678");
        assertRefused(firstWrong);
        for (int i = 1; i < MAX_GUESSES; i++) {
            assertRefused(realm.backchannel("speaker", "login_hint", dave, "user_code", "wrong-" + i));
        }
        HttpResponse<String> lockedWrong = realm.backchannel("speaker", "login_hint", dave, "user_code", "12345678");
        assertRefused(lockedWrong);
        HttpResponse<String> lockedRight = realm.backchannel("speaker", "login_hint", dave, "user_code", "dave's long code");
        assertRefused(lockedRight);

        assertThat(List.of(noCode.body(), lockedWrong.body(), lockedRight.body())).containsOnly(firstWrong.body());
        assertThat(Http.json(firstWrong).get("error_description").asText()).doesNotContainIgnoringCase("lock");
        // the locked user's password sign-in still works
        HttpResponse<String> password = realm.passwordLogin(dave, "openid");
        assertThat(password.statusCode()).as(password.body()).isEqualTo(200);
    }

    /** Sends {@code n} backchannel requests for {@code user} at once, each with its own user_code. */
    private static List<HttpResponse<String>> burst(int n, String user, java.util.function.IntFunction<String> code) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<HttpResponse<String>>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String userCode = code.apply(i);
                tasks.add(() -> {
                    start.await();
                    return realm.backchannel("speaker", "login_hint", user, "user_code", userCode);
                });
            }
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (Callable<HttpResponse<String>> t : tasks) futures.add(pool.submit(t));
            start.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) answers.add(f.get());
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    // CIBA Core §13: invalid_user_code, 400
    private static void assertRefused(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("error").asText()).as(r.body()).isEqualTo("invalid_user_code");
    }
}
