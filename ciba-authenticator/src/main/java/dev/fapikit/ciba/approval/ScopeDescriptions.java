package dev.fapikit.ciba.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;

/** The requested scopes in words: each client scope's consent-screen text, resolved against theme messages. */
public final class ScopeDescriptions {

    /** Message key prefix for scopes without consent-screen text: {@code fapiKitCibaScope_<scope>}. */
    static final String MESSAGE_PREFIX = "fapiKitCibaScope_";

    private ScopeDescriptions() {
    }

    public record Scope(String name, String description) {
        /** As a map, the shape templates and JSON use. */
        public java.util.Map<String, Object> asMap() {
            return java.util.Map.of("name", name, "description", description);
        }
    }

    public static List<Scope> describe(ClientModel client, String scopeParam, Properties messages) {
        List<Scope> result = new ArrayList<>();
        if (scopeParam == null || client == null) return result;
        Map<String, ClientScopeModel> defaults = client.getClientScopes(true);
        Map<String, ClientScopeModel> optional = client.getClientScopes(false);
        for (String name : scopeParam.trim().split("\\s+")) {
            if (name.isEmpty() || result.stream().anyMatch(s -> s.name().equals(name))) continue;
            ClientScopeModel scope = defaults.getOrDefault(name, optional.get(name));
            if (scope != null && !scope.isDisplayOnConsentScreen()) continue;
            String text = scope == null ? null : scope.getConsentScreenText();
            if (text == null || text.isBlank()) {
                // scopes without consent text, such as openid (OIDC Core §3.1.2.1), may have a FAPI Kit message
                text = messages.getProperty(MESSAGE_PREFIX + name, name);
            }
            result.add(new Scope(name, resolve(text, messages)));
        }
        return result;
    }

    /** Resolves a {@code ${messageKey}} reference, as Keycloak's consent screen does; plain text stays as is. */
    static String resolve(String text, Properties messages) {
        if (text.startsWith("${") && text.endsWith("}")) {
            String key = text.substring(2, text.length() - 1);
            return messages.getProperty(key, key);
        }
        return text;
    }
}
