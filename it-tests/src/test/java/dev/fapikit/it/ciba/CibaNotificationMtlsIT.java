package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.it.harness.KeycloakServer;

/**
 * Mutual TLS from Keycloak to the endpoints it notifies (issue 5, safe outbound delivery): with
 * {@value #KEY_STORE_FILE} set, Keycloak presents that client certificate to a CIBA ping (CIBA Core 1.0 §10.2) or push
 * (§10.3) notification endpoint and to the notification webhook, so a receiver that requires a client certificate gets
 * them; a node without the option cannot deliver to such a receiver, and a key store path that cannot be read stops
 * start-up with a message naming the option. One extra node carries the option; the shared node is the one without.
 */
@FapiKitServer
@DisplayName("mutual TLS to notification endpoints")
class CibaNotificationMtlsIT {

    static final String KEY_STORE_FILE = "--spi-fapi-kit-ciba-delivery--default--outbound-key-store-file";
    static final String KEY_STORE_PASSWORD = "--spi-fapi-kit-ciba-delivery--default--outbound-key-store-password";
    // the names before issue 19 (options of the channel); still read for one release, and errors name them as set
    static final String LEGACY_KEY_STORE_FILE = "--spi-ciba-auth-channel--fapi-kit-device--notification-key-store-file";
    static final String LEGACY_KEY_STORE_PASSWORD = "--spi-ciba-auth-channel--fapi-kit-device--notification-key-store-password";
    private static final String NODE = "node-notify-mtls";

    private static ClientCert notifier;
    private static Path missingKeyStore;
    private static String badStartFailure;
    private static KeycloakServer mtlsNode;
    private static FapiKit mtls;

    @BeforeAll
    static void nodeWithClientCertificate(FapiKit kit) throws Exception {
        notifier = kit.pki().issueClient("keycloak-notifier", "CN=keycloak-notifier,O=FAPI Kit Dev");
        Path keyStore = kit.pki().dir().resolve("notifier/keycloak-notifier.p12");
        Files.createDirectories(keyStore.getParent());
        try (OutputStream out = Files.newOutputStream(keyStore)) {
            notifier.keyStore().store(out, ClientCert.PASSWORD);
        }
        missingKeyStore = keyStore.resolveSibling("missing.p12");

        // the same node folder twice (one build): first with a key store path that does not exist
        KeycloakServer bad = kit.nodeBuilder(NODE).startOption(LEGACY_KEY_STORE_FILE + "=" + missingKeyStore)
                .startOption(LEGACY_KEY_STORE_PASSWORD + "=" + new String(ClientCert.PASSWORD)).build().install();
        try {
            bad.start();
            bad.stop();
        } catch (IllegalStateException e) {
            badStartFailure = e.getMessage();
        }

        mtlsNode = kit.nodeBuilder(NODE).startOption(KEY_STORE_FILE + "=" + keyStore)
                .startOption(KEY_STORE_PASSWORD + "=" + new String(ClientCert.PASSWORD)).build().install().start();
        mtls = kit.on(mtlsNode);
    }

    @AfterAll
    static void stopNode() {
        if (mtlsNode != null) mtlsNode.stop();
    }

    @Test
    @DisplayName("a key store path that cannot be read stops start-up, and the message names the option as set (here its deprecated name, still read) and the path")
    void unreadableKeyStoreStopsStartUp() {
        assertThat(badStartFailure).as("the node started although the key store is missing").isNotNull();
        assertThat(badStartFailure).contains(LEGACY_KEY_STORE_FILE).contains(missingKeyStore.toString());
    }

    @Nested
    @DisplayName("Given a node with a notification client certificate and a receiver that requires one")
    class WithClientCertificate {

        @Test
        @DisplayName("the webhook and the ping arrive over mutual TLS with Keycloak's certificate; the token request then succeeds")
        void pingAndWebhook() throws Exception {
            CibaRealm realm = CibaRealm.create(mtls, "ciba-mtls-ping");
            try (HttpsReceiver receiver = HttpsReceiver.requiringClientCertificate(mtls)) {
                realm.realmAttributes(Map.of("fapi-kit-ciba-channels", "app,webhook", "fapi-kit-ciba-webhook-url", receiver.url("/webhook")));
                realm.clientAttributes("pos-ping", Map.of("ciba.backchannel.client.notification.endpoint", receiver.url("/ping")));
                String authReqId = realm.startAs("pos-ping", "login_hint", "alice", "binding_message", "MTLS-PING",
                        "client_notification_token", "cnt-mtls-ping");
                approve(realm, "MTLS-PING");

                List<HttpsReceiver.Received> received = receiver.await(2, 10);
                assertThat(received).extracting(HttpsReceiver.Received::path).containsExactly("/webhook", "/ping");
                assertThat(received).allSatisfy(r -> assertThat(r.clientCertificate()).isEqualTo(notifier.certificate()));
                HttpsReceiver.Received ping = received.get(1);
                assertThat(ping.header("Authorization")).isEqualTo("Bearer cnt-mtls-ping");
                assertThat(Http.json(realm.token("pos-ping", authReqId)).has("access_token")).isTrue();
                assertThat(deliveryOutcomes(realm, "pos-ping")).containsExactly("delivered");
            }
        }

        @Test
        @DisplayName("the pushed token result arrives over mutual TLS with Keycloak's certificate")
        void push() throws Exception {
            CibaRealm realm = CibaRealm.create(mtls, "ciba-mtls-push");
            try (HttpsReceiver receiver = HttpsReceiver.requiringClientCertificate(mtls)) {
                String client = "push-" + UUID.randomUUID().toString().substring(0, 8);
                HttpResponse<String> created = mtls.admin().post("realms/" + realm.name + "/clients", Map.of("clientId", client,
                        "secret", client + "-secret", "publicClient", false, "standardFlowEnabled", false,
                        "attributes", Map.of("oidc.ciba.grant.enabled", "true", "ciba.backchannel.token.delivery.mode", "push",
                                "ciba.backchannel.client.notification.endpoint", receiver.url("/push"))));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                String authReqId = realm.startAs(client, "login_hint", "alice", "binding_message", "MTLS-PUSH",
                        "client_notification_token", "cnt-mtls-push");
                approve(realm, "MTLS-PUSH");

                HttpsReceiver.Received pushed = receiver.await(1, 10).get(0);
                assertThat(pushed.clientCertificate()).isEqualTo(notifier.certificate());
                assertThat(pushed.header("Authorization")).isEqualTo("Bearer cnt-mtls-push");
                JsonNode result = Http.JSON.readTree(pushed.body());
                assertThat(result.get("auth_req_id").asText()).isEqualTo(authReqId);
                assertThat(Jose.verify(mtls, realm.name, result.get("access_token").asText()).getStringClaim("azp")).isEqualTo(client);
            }
        }
    }

    @Nested
    @DisplayName("Given a node without a notification client certificate (the shared one) and a receiver that requires one")
    class WithoutClientCertificate {

        @Test
        @DisplayName("the ping cannot be delivered: nothing is received, and the events show the attempts failed")
        void pingNotDelivered(FapiKit kit) throws Exception {
            CibaRealm realm = CibaRealm.create(kit, "ciba-no-mtls");
            try (HttpsReceiver receiver = HttpsReceiver.requiringClientCertificate(kit)) {
                realm.clientAttributes("pos-ping", Map.of("ciba.backchannel.client.notification.endpoint", receiver.url("/ping")));
                realm.startAs("pos-ping", "login_hint", "alice", "binding_message", "NO-MTLS", "client_notification_token", "cnt-no-mtls");
                approve(realm, "NO-MTLS");

                List<String> outcomes = await("the ping given up").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> deliveryOutcomes(realm, "pos-ping"), o -> o.contains("failed"));
                // a refused TLS handshake is a network error: retried, then given up (default 3 attempts)
                assertThat(outcomes).containsExactlyInAnyOrder("retrying", "retrying", "failed");
                assertThat(receiver.received()).isEmpty();
            }
        }
    }

    private static void approve(CibaRealm realm, String bindingMessage) {
        String app = realm.appToken("alice", true);
        HttpResponse<String> r = realm.appPost(app, "/requests/" + realm.pendingId(app, bindingMessage) + "/approve");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** The delivery outcomes recorded as events for the client, oldest first. */
    private static List<String> deliveryOutcomes(CibaRealm realm, String clientId) {
        JsonNode events = realm.kit.admin().get("realms/" + realm.name + "/events?client=" + clientId + "&max=50");
        List<String> outcomes = new ArrayList<>();
        for (JsonNode e : events) {
            JsonNode outcome = e.path("details").path("fapi_kit_ciba_delivery");
            if (!outcome.isMissingNode()) outcomes.add(0, outcome.asText());
        }
        return outcomes;
    }
}
