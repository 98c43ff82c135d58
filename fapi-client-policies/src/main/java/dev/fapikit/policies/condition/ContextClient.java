package dev.fapikit.policies.condition;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.keycloak.models.ClientModel;
import org.keycloak.services.clientpolicy.ClientPolicyContext;

/**
 * Compatibility adapter (Keycloak 26.4 / 26.5+): the client a client-policy context is about.
 * <ul>
 * <li>Keycloak 26.5 and later: contexts that carry their client implement
 * {@code org.keycloak.services.clientpolicy.context.ClientModelContext}; its {@code getClient()} is used, as Keycloak's
 * own conditions do. The interface is looked up by name, so this class loads on 26.4 too.</li>
 * <li>Keycloak 26.4: the interface does not exist; the client is the session context's, as Keycloak 26.4's own
 * conditions take it.</li>
 * </ul>
 * Chosen once, by the interface's presence, when a condition factory is created.
 */
final class ContextClient {

    static final String CLIENT_MODEL_CONTEXT = "org.keycloak.services.clientpolicy.context.ClientModelContext";

    private final Class<?> clientModelContext;
    private final MethodHandle getClient;

    private ContextClient(Class<?> clientModelContext, MethodHandle getClient) {
        this.clientModelContext = clientModelContext;
        this.getClient = getClient;
    }

    /** The adapter for the Keycloak classes this JVM runs. */
    static ContextClient forRuntime() {
        try {
            Class<?> type = Class.forName(CLIENT_MODEL_CONTEXT, false, ClientPolicyContext.class.getClassLoader());
            MethodHandle getter = MethodHandles.publicLookup().findVirtual(type, "getClient", MethodType.methodType(ClientModel.class))
                    .asType(MethodType.methodType(ClientModel.class, Object.class));
            return new ContextClient(type, getter);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            return new ContextClient(null, null);
        }
    }

    /** The context's own client; {@code fallback} when the context names none (or on Keycloak 26.4). */
    ClientModel of(ClientPolicyContext context, ClientModel fallback) {
        if (clientModelContext == null || !clientModelContext.isInstance(context)) {
            return fallback;
        }
        try {
            return (ClientModel) getClient.invokeExact((Object) context);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
