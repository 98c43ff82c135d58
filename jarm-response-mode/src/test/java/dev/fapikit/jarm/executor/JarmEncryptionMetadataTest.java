package dev.fapikit.jarm.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JARM §3 encryption metadata")
class JarmEncryptionMetadataTest {

    private static final String ALG = "authorization.encrypted.response.alg";
    private static final String ENC = "authorization.encrypted.response.enc";
    private static final Set<String> ALGS = Set.of("RSA-OAEP", "RSA-OAEP-256", "ECDH-ES");
    private static final Set<String> ENCS = Set.of("A128CBC-HS256", "A256GCM");

    @Test
    void noEncryptionIsConsistent() {
        assertThat(JarmEncryptionMetadata.problem(Map.of(), ALGS, ENCS)).isEmpty();
        assertThat(JarmEncryptionMetadata.problem(null, ALGS, ENCS)).isEmpty();
    }

    @Test
    void algAndEncIsConsistent() {
        assertThat(JarmEncryptionMetadata.problem(Map.of(ALG, "RSA-OAEP-256", ENC, "A256GCM"), ALGS, ENCS)).isEmpty();
    }

    @Test
    void encWithoutAlgIsRefused() {
        assertThat(JarmEncryptionMetadata.problem(Map.of(ENC, "A256GCM"), ALGS, ENCS)).hasValueSatisfying(
                p -> assertThat(p).contains("without authorization_encrypted_response_alg"));
    }

    @Test
    void unknownAlgIsRefused() {
        assertThat(JarmEncryptionMetadata.problem(Map.of(ALG, "RSA-OAEP-512", ENC, "A256GCM"), ALGS, ENCS)).hasValueSatisfying(
                p -> assertThat(p).contains("unsupported authorization_encrypted_response_alg RSA-OAEP-512"));
    }

    @Test
    void unknownEncIsRefused() {
        assertThat(JarmEncryptionMetadata.problem(Map.of(ALG, "RSA-OAEP", ENC, "A512GCM"), ALGS, ENCS)).hasValueSatisfying(
                p -> assertThat(p).contains("unsupported authorization_encrypted_response_enc A512GCM"));
    }

    @Test
    void algWithoutEncLacksTheDefault() {
        Map<String, String> attributes = Map.of(ALG, "RSA-OAEP");
        assertThat(JarmEncryptionMetadata.lacksDefaultEnc(attributes)).isTrue();
        assertThat(JarmEncryptionMetadata.problem(attributes, ALGS, ENCS)).isPresent();
    }

    @Test
    void blankValuesCountAsAbsentAsInKeycloak() {
        assertThat(JarmEncryptionMetadata.lacksDefaultEnc(Map.of(ALG, "RSA-OAEP", ENC, ""))).isTrue();
        assertThat(JarmEncryptionMetadata.encWithoutAlg(Map.of(ALG, " ", ENC, "A256GCM"))).isTrue();
    }
}
