package dev.fapikit.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MalformedFormBodyMapperTest {

    private static IllegalArgumentException thrownAt(String... frames) {
        IllegalArgumentException e = new IllegalArgumentException("x");
        StackTraceElement[] trace = new StackTraceElement[frames.length];
        for (int i = 0; i < frames.length; i++) {
            int dot = frames[i].lastIndexOf('.');
            trace[i] = new StackTraceElement(frames[i].substring(0, dot), frames[i].substring(dot + 1), null, -1);
        }
        e.setStackTrace(trace);
        return e;
    }

    @Test
    void recognisesTheFormParsersDecodingFailure() {
        assertThat(MalformedFormBodyMapper.fromFormDecoder(thrownAt(
                "org.jboss.resteasy.reactive.common.util.URLUtils.decode",
                "org.jboss.resteasy.reactive.server.core.multipart.FormEncodedDataDefinition$FormEncodedDataParser.decodeParameterName",
                "org.jboss.resteasy.reactive.server.core.multipart.FormEncodedDataDefinition$FormEncodedDataParser.doParse"))).isTrue();
    }

    @Test
    void leavesEveryOtherIllegalArgumentToKeycloak() {
        assertThat(MalformedFormBodyMapper.fromFormDecoder(thrownAt("org.keycloak.services.Something.run"))).isFalse();
        assertThat(MalformedFormBodyMapper.fromFormDecoder(thrownAt(
                "org.jboss.resteasy.reactive.common.util.URLUtils.decode", "org.keycloak.services.PathDecoding.run"))).isFalse();
        assertThat(MalformedFormBodyMapper.fromFormDecoder(new IllegalArgumentException())).isFalse();
    }
}
