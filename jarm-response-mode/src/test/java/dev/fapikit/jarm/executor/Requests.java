package dev.fapikit.jarm.executor;

import org.keycloak.protocol.ClientData;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;

final class Requests {

    private Requests() {
    }

    static AuthorizationEndpointRequest authorizationRequest(String responseType, String responseMode) {
        return AuthorizationEndpointRequest.fromClientData(new ClientData("https://client.example/cb", responseType, responseMode, "s1"));
    }
}
