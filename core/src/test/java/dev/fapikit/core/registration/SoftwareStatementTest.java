package dev.fapikit.core.registration;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Software statement (RFC 7591 §2.3): reading it and letting its claims win over the request's metadata")
class SoftwareStatementTest {

    private static String signed(Map<String, Object> claims) throws Exception {
        var key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("k1").build(), set.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    @DisplayName("a value that is not a compact JWS is invalid_software_statement")
    void notAJws() {
        for (Object presented : new Object[] {"not-a-jwt", 42, "", "a.b.c"}) {
            assertThatThrownBy(() -> SoftwareStatement.parse(presented)).isInstanceOfSatisfying(SoftwareStatementRefusal.class,
                    e -> assertThat(e.getError()).isEqualTo("invalid_software_statement"));
        }
    }

    @Test
    @DisplayName("claims are read under RFC 7591 and UK Open Banking names")
    void claims() throws Exception {
        SoftwareStatement statement = SoftwareStatement.parse(signed(Map.of("iss", "dir", "software_client_id", "sw-1",
                "org_id", "org-9", "software_roles", List.of("AISP", "PISP"), "software_redirect_uris", List.of("https://a/cb"),
                "exp", 2_000_000_000L)));
        assertThat(statement.signed().algorithm()).isEqualTo("PS256");
        assertThat(statement.signed().keyId()).isEqualTo("k1");
        assertThat(statement.issuer()).isEqualTo("dir");
        assertThat(statement.softwareId()).isEqualTo("sw-1");
        assertThat(statement.orgId()).isEqualTo("org-9");
        assertThat(statement.roles()).containsExactly("AISP", "PISP");
        assertThat(statement.redirectUris()).containsExactly("https://a/cb");
        assertThat(statement.signed().expiresAt()).isEqualTo(2_000_000_000L);
    }

    @Test
    @DisplayName("the statement's metadata replace the request's; absent redirect_uris become the statement's")
    void mergeStatementWins() throws Exception {
        SoftwareStatement statement = SoftwareStatement.parse(signed(Map.of("iss", "dir", "redirect_uris",
                List.of("https://a/cb", "https://a/cb2"), "client_name", "From statement", "software_jwks_endpoint",
                "https://dir/keys.jwks")));
        Map<String, Object> request = new LinkedHashMap<>(Map.of("client_name", "From request", "jwks", Map.of("keys", List.of())));
        statement.mergeInto(request);
        assertThat(request).containsEntry("client_name", "From statement")
                .containsEntry("redirect_uris", List.of("https://a/cb", "https://a/cb2"))
                .containsEntry("jwks_uri", "https://dir/keys.jwks").doesNotContainKey("jwks");
    }

    @Test
    @DisplayName("request redirect_uris among the statement's are kept; one outside it is invalid_client_metadata")
    void redirectUrisSubset() throws Exception {
        SoftwareStatement statement = SoftwareStatement.parse(signed(Map.of("iss", "dir", "redirect_uris",
                List.of("https://a/cb", "https://a/cb2"))));
        Map<String, Object> subset = new HashMap<>(Map.of("redirect_uris", List.of("https://a/cb2")));
        statement.mergeInto(subset);
        assertThat(subset).containsEntry("redirect_uris", List.of("https://a/cb2"));
        Map<String, Object> outside = new HashMap<>(Map.of("redirect_uris", List.of("https://a/cb", "https://evil/cb")));
        assertThatThrownBy(() -> statement.mergeInto(outside)).isInstanceOfSatisfying(SoftwareStatementRefusal.class, e -> {
            assertThat(e.getError()).isEqualTo("invalid_client_metadata");
            assertThat(e.getErrorDetail()).contains("https://evil/cb");
        });
    }

    @Test
    @DisplayName("the statement as presented and its software values are stored as client attributes")
    void storeOn() throws Exception {
        String raw = signed(Map.of("iss", "dir", "software_id", "sw-1", "org_id", "org-9", "software_roles", "AISP PISP"));
        ClientRepresentation client = new ClientRepresentation();
        SoftwareStatement.parse(raw).storeOn(client);
        assertThat(client.getAttributes()).containsEntry(SoftwareStatement.STATEMENT_ATTRIBUTE, raw)
                .containsEntry(SoftwareStatement.SOFTWARE_ID_ATTRIBUTE, "sw-1")
                .containsEntry(SoftwareStatement.ORG_ID_ATTRIBUTE, "org-9")
                .containsEntry(SoftwareStatement.ROLES_ATTRIBUTE, "AISP PISP");
    }
}
