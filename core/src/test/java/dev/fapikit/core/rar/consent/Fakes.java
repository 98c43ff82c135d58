package dev.fapikit.core.rar.consent;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.keycloak.sessions.AuthenticationSessionModel;

/** An auth session of client notes and required actions only (every other method fails the test). */
final class Fakes {

    private Fakes() {
    }

    record AuthSession(AuthenticationSessionModel model, Map<String, String> notes, Set<String> requiredActions) {
    }

    static AuthSession authSession(Map<String, String> initialNotes) {
        Map<String, String> notes = new HashMap<>(initialNotes);
        Set<String> actions = new LinkedHashSet<>();
        AuthenticationSessionModel model = (AuthenticationSessionModel) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                new Class<?>[] {AuthenticationSessionModel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getClientNote" -> notes.get((String) args[0]);
                    case "setClientNote" -> notes.put((String) args[0], (String) args[1]);
                    case "addRequiredAction" -> actions.add(args[0].toString());
                    case "getRequiredActions" -> actions;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new AuthSession(model, notes, actions);
    }
}
