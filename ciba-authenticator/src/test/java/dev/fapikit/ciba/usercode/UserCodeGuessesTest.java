package dev.fapikit.ciba.usercode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.fapikit.ciba.approval.MemorySingleUseObjects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

class UserCodeGuessesTest {

    @Test
    @DisplayName("at most the maximum of guesses is claimed per user; other users keep theirs")
    void limitPerUser() {
        UserCodeGuesses guesses = new UserCodeGuesses(new MemorySingleUseObjects(), new UserCodeGuesses.Limit(3, 900));
        assertThat(List.of(guesses.claim("r", "alice"), guesses.claim("r", "alice"), guesses.claim("r", "alice"))).containsExactly(0, 1, 2);
        assertThat(guesses.claim("r", "alice")).isEqualTo(-1);
        assertThat(guesses.claim("r", "bob")).isZero();
        assertThat(guesses.claim("other-realm", "alice")).isZero();
    }

    @Test
    @DisplayName("a guess given back (a right code) frees its slot")
    void giveBack() {
        UserCodeGuesses guesses = new UserCodeGuesses(new MemorySingleUseObjects(), new UserCodeGuesses.Limit(1, 900));
        int slot = guesses.claim("r", "alice");
        guesses.giveBack("r", "alice", slot);
        assertThat(guesses.claim("r", "alice")).isEqualTo(slot);
    }

    @Test
    @DisplayName("concurrent guesses never exceed the maximum (the claim is the store's atomic putIfAbsent)")
    void concurrentClaims() throws Exception {
        SingleUseObjectProvider memory = new MemorySingleUseObjects();
        SingleUseObjectProvider synchronizedStore = (SingleUseObjectProvider) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {SingleUseObjectProvider.class}, (p, m, args) -> {
                    synchronized (memory) {
                        return m.invoke(memory, args);
                    }
                });
        UserCodeGuesses guesses = new UserCodeGuesses(synchronizedStore, new UserCodeGuesses.Limit(5, 900));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 60; i++) tasks.add(() -> guesses.claim("r", "alice"));
            long claimed = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) if (f.get() >= 0) claimed++;
            assertThat(claimed).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }
}
