package dev.fapikit.ciba.approval;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.models.SingleUseObjectProvider;

/** Keycloak's single-use store contract (atomic putIfAbsent, single-use remove), in memory and never expiring. */
public final class MemorySingleUseObjects implements SingleUseObjectProvider {
    private final Map<String, Map<String, String>> data = new HashMap<>();

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> notes) {
        data.put(key, new HashMap<>(notes));
    }

    @Override
    public Map<String, String> get(String key) {
        return data.get(key);
    }

    @Override
    public Map<String, String> remove(String key) {
        return data.remove(key);
    }

    @Override
    public boolean replace(String key, Map<String, String> notes) {
        return data.replace(key, new HashMap<>(notes)) != null;
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanInSeconds) {
        return data.putIfAbsent(key, Map.of()) == null;
    }

    @Override
    public boolean contains(String key) {
        return data.containsKey(key);
    }

    /** The keys held now (for tests that count what one request stores). */
    public java.util.Set<String> keys() {
        return java.util.Set.copyOf(data.keySet());
    }

    @Override
    public void close() {
    }
}
