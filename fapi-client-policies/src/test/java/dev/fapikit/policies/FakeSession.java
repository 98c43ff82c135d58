package dev.fapikit.policies;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Just enough of a {@link KeycloakSession} for executor unit tests: attributes (per session, i.e. per request), the context's realm and client, and a
 * single-use store shared by all sessions made from one instance (as a cluster shares its store).
 */
public final class FakeSession {

    /** The single-use store: key → lifespan in seconds. */
    public final Map<String, Long> singleUse = new HashMap<>();
    private final Map<String, Object> attributes = new HashMap<>();
    private String clientId = "client-a";

    public FakeSession client(String clientId) {
        this.clientId = clientId;
        return this;
    }

    public FakeSession attribute(String name, Object value) {
        attributes.put(name, value);
        return this;
    }

    public KeycloakSession session() {
        RealmModel realm = proxy(RealmModel.class, Map.of("getId", "realm-1", "getName", "test"));
        ClientModel client = proxy(ClientModel.class, Map.of("getClientId", clientId, "getRealm", realm));
        KeycloakContext context = proxy(KeycloakContext.class, Map.of("getRealm", realm, "getClient", client));
        Map<String, Object> requestAttributes = new HashMap<>(attributes);
        SingleUseObjectProvider store = (SingleUseObjectProvider) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SingleUseObjectProvider.class}, (p, m, args) -> switch (m.getName()) {
                    case "putIfAbsent" -> singleUse.putIfAbsent((String) args[0], (Long) args[1]) == null;
                    case "contains" -> singleUse.containsKey((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (KeycloakSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeycloakSession.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getAttribute" -> requestAttributes.get((String) args[0]);
                    case "setAttribute" -> requestAttributes.put((String) args[0], args[1]);
                    case "getContext" -> context;
                    case "singleUseObjects" -> store;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(FakeSession.class.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (answers.containsKey(m.getName())) {
                return answers.get(m.getName());
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }
}
