package dev.fapikit.policies.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;

/**
 * Regression tests for what {@link ClientKeyStrengthFuzzTest} found. The first input is the fuzzer's own
 * ({@code findings/client-key-strength-rsa-n-not-base64url.json}); the others are the same defect through other JSON
 * types. {@code KeyStrength.of(JWK)} throws {@link IllegalArgumentException} (a modulus that is not base64url) or
 * {@link ClassCastException} (a modulus or curve that is not a string); {@code ClientKeyStrengthExecutor#checkJwks} must
 * answer {@code invalid_client_metadata}, not let it out as a 500.
 */
@DisplayName("fapi-kit-client-key-strength refuses a malformed JWK as invalid_client_metadata")
class ClientKeyStrengthFindingsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"n\":\":AQAB\",\"e\":\"AQAB\"}]}",
            "{\"keys\":[{\"kty\":\"RSA\",\"n\":65537,\"e\":\"AQAB\"}]}",
            "{\"keys\":[{\"kty\":\"EC\",\"crv\":256,\"x\":\"AA\",\"y\":\"AA\"}]}"})
    void malformedJwkIsInvalidClientMetadata(String jwks) {
        assertThat(ClientKeyStrengthFuzzTest.outcome(OIDCConfigAttributes.JWKS_STRING, jwks)).startsWith("refused: ");
    }
}
