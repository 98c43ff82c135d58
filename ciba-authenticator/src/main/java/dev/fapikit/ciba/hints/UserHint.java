package dev.fapikit.ciba.hints;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The one user hint of a backchannel authentication request (CIBA Core 1.0 §7.1). */
public record UserHint(Type type, String value) {

    /** CIBA Core 1.0 §7.1 hint parameters, by their request parameter name. */
    public enum Type {
        LOGIN_HINT("login_hint"), LOGIN_HINT_TOKEN("login_hint_token"), ID_TOKEN_HINT("id_token_hint");

        private final String parameter;

        Type(String parameter) {
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }

        public static Type fromParameter(String name) {
            for (Type t : values()) {
                if (t.parameter.equals(name.trim().toLowerCase(Locale.ROOT))) return t;
            }
            throw new IllegalArgumentException("Unknown CIBA hint type '" + name + "'; use login_hint, login_hint_token or id_token_hint");
        }
    }

    /**
     * CIBA Core 1.0 §7.1: "it is REQUIRED that the Client provide one (and only one) of the hints". Refuses none, two or
     * three hints, and a hint type the client is not allowed to use.
     */
    public static UserHint exactlyOne(String loginHint, String loginHintToken, String idTokenHint, Collection<Type> allowed) {
        List<UserHint> present = new ArrayList<>();
        if (loginHint != null) present.add(new UserHint(Type.LOGIN_HINT, loginHint));
        if (loginHintToken != null) present.add(new UserHint(Type.LOGIN_HINT_TOKEN, loginHintToken));
        if (idTokenHint != null) present.add(new UserHint(Type.ID_TOKEN_HINT, idTokenHint));
        if (present.size() != 1) {
            throw new HintException("invalid_request", present.isEmpty()
                    ? "One of login_hint, login_hint_token or id_token_hint is required"
                    : "Only one of login_hint, login_hint_token or id_token_hint may be sent");
        }
        UserHint hint = present.get(0);
        if (hint.value().isBlank()) {
            throw new HintException("invalid_request", hint.type().parameter() + " is empty");
        }
        if (!allowed.contains(hint.type())) {
            throw new HintException("invalid_request", "This client may not use " + hint.type().parameter());
        }
        return hint;
    }
}
