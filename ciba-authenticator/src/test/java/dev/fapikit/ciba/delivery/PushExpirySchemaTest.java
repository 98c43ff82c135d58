package dev.fapikit.ciba.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ServiceLoader;

import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;
import org.infinispan.protostream.TagWriter;
import org.infinispan.protostream.WrappedMessage;
import org.infinispan.protostream.impl.TagReaderImpl;
import org.infinispan.protostream.impl.TagWriterImpl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The cluster event that arms push-expiry timers on every node: its wire form and the timer's delay. */
class PushExpirySchemaTest {

    private static SerializationContext context() {
        SerializationContext ctx = ProtobufUtil.newSerializationContext();
        new PushExpirySchema().register(ctx);
        return ctx;
    }

    @Test
    @DisplayName("the event survives the trip between nodes, wrapped as Keycloak's cluster wraps events")
    void roundTrip() throws Exception {
        SerializationContext ctx = context();
        PushExpiryEvent event = new PushExpiryEvent("realm-1", "client-uuid", "auth-result-id", 1_800_000_123L);
        byte[] wire = ProtobufUtil.toWrappedByteArray(ctx, new WrappedMessage(event));
        WrappedMessage back = ProtobufUtil.fromWrappedByteArray(ctx, wire);
        assertThat(back.getValue()).isEqualTo(event);
    }

    @Test
    @DisplayName("an event without optional fields and with a field from a newer version still reads")
    void toleratesMissingAndUnknownFields() throws Exception {
        SerializationContext ctx = context();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TagWriter out = TagWriterImpl.newInstance(ctx, bytes);
        out.writeString(3, "auth-result-id");
        out.writeString(9, "from a later version");
        out.writeInt64(4, 42);
        out.flush();
        PushExpiryEvent read = new PushExpirySchema.EventMarshaller().read(TagReaderImpl.newInstance(ctx, bytes.toByteArray()));
        assertThat(read).isEqualTo(new PushExpiryEvent(null, null, "auth-result-id", 42));
    }

    @Test
    @DisplayName("Keycloak finds the schema as a service when it builds the server")
    void registeredAsService() {
        assertThat(ServiceLoader.load(SerializationContextInitializer.class).stream().map(ServiceLoader.Provider::type))
                .contains(PushExpirySchema.class);
    }

    @Test
    @DisplayName("each node's timer looks one second after the expiry, at once for a request that expired meanwhile")
    void delay() {
        assertThat(PushExpiry.delaySeconds(1_000, 990)).isEqualTo(11);
        assertThat(PushExpiry.delaySeconds(1_000, 1_000)).isEqualTo(1);
        assertThat(PushExpiry.delaySeconds(1_000, 1_500)).isEqualTo(1);
    }
}
