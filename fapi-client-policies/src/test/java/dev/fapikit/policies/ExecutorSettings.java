package dev.fapikit.policies;

import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.util.JsonSerialization;

/** An executor's configuration read from the keys a client profile carries, the way Keycloak reads it. */
public final class ExecutorSettings {

    private ExecutorSettings() {
    }

    /** @param keyValues option name, value, option name, value, ... (a {@code null} value: as if the profile set none) */
    public static <C> C read(Class<C> configurationClass, Object... keyValues) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            json.put((String) keyValues[i], keyValues[i + 1]);
        }
        return JsonSerialization.mapper.convertValue(json, configurationClass);
    }
}
