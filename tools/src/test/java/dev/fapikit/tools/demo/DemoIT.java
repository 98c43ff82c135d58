package dev.fapikit.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;

/**
 * The guided demo ({@code docker/demo.sh --auto}) run in-process against the test server with its PKI: every flow
 * (CIBA poll and ping, push where offered; FAPI 1.0 Advanced; FAPI 2.0 with RFC 9701 introspection; self-signed and
 * SAN mTLS client authentication; the payment of 45.00 EUR to Merchant123 over FAPI 2.0 with the payment consent page
 * and over CIBA, issue 21 §3) ends with every step ✓.
 */
@FapiKitServer
class DemoIT {

    @Test
    @DisplayName("docker/demo.sh --auto: exit 0, every step ✓, none failed")
    void autoDemoPasses(FapiKit kit) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            status = Demo.run(new String[] {"--auto", "--base-url", kit.baseUrl(), "--pki", kit.pki().dir().toString()}, out);
        }
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(output).as(output).doesNotContain("✗").contains("0 failed");
        assertThat(status).as(output).isZero();
        for (String flow : new String[] {"delivery by poll", "delivery by ping", "(b) FAPI 1.0 Advanced", "(c) FAPI 2.0",
                "(d) self_signed_tls_client_auth", "(d) tls_client_auth by subject alternative name",
                "(c) FAPI 2.0: pay 45.00 EUR to Merchant123", "(a) FAPI-CIBA: pay 45.00 EUR to Merchant123"}) {
            assertThat(output).contains(flow);
        }
        // RFC 9396: the consent page and the app API word the payment; both token responses carry it
        assertThat(output).contains("the consent page reads: \"Pay €45.00 to Merchant123, account …8603\"")
                .contains("the payment in words: \"Pay €45.00 to Merchant123, account …8603\"");
        assertThat(output).containsPattern("✓  \\d{2} steps passed, 0 failed");
    }
}
