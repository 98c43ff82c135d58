package dev.fapikit.ciba.delivery;

import java.io.IOException;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.FileDescriptorSource;
import org.infinispan.protostream.ProtobufTagMarshaller;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.TagReader;
import org.infinispan.protostream.TagWriter;
import org.infinispan.protostream.descriptors.WireType;

/**
 * The ProtoStream schema of {@link PushExpiryEvent}, which Keycloak's cluster (embedded Infinispan) marshals between
 * nodes. Keycloak picks it up from {@code META-INF/services/org.infinispan.protostream.SerializationContextInitializer}
 * when the server is built. No type id: the message travels under its full name, so it cannot collide with Keycloak's.
 */
public final class PushExpirySchema implements GeneratedSchema {

    static final String PACKAGE = "fapikit.ciba";
    static final String TYPE = PACKAGE + ".PushExpiryEvent";
    private static final String FILE = "fapi-kit-ciba.proto";
    // field numbers must never be reused: nodes of two versions may exchange the message during a rolling update
    private static final String SCHEMA = """
            syntax = "proto3";
            package fapikit.ciba;
            message PushExpiryEvent {
              string realmId = 1;
              string clientUuid = 2;
              string authResultId = 3;
              int64 expiresAt = 4;
            }
            """;

    @Override
    public String getProtoFileName() {
        return FILE;
    }

    @Override
    public String getProtoFile() {
        return SCHEMA;
    }

    @Override
    public void registerSchema(SerializationContext ctx) {
        ctx.registerProtoFiles(FileDescriptorSource.fromString(FILE, SCHEMA));
    }

    @Override
    public void registerMarshallers(SerializationContext ctx) {
        ctx.registerMarshaller(new EventMarshaller());
    }

    static final class EventMarshaller implements ProtobufTagMarshaller<PushExpiryEvent> {

        private static final int REALM = WireType.makeTag(1, WireType.LENGTH_DELIMITED);
        private static final int CLIENT = WireType.makeTag(2, WireType.LENGTH_DELIMITED);
        private static final int REQUEST = WireType.makeTag(3, WireType.LENGTH_DELIMITED);
        private static final int EXPIRES = WireType.makeTag(4, WireType.VARINT);

        @Override
        public Class<? extends PushExpiryEvent> getJavaClass() {
            return PushExpiryEvent.class;
        }

        @Override
        public String getTypeName() {
            return TYPE;
        }

        @Override
        public PushExpiryEvent read(ReadContext ctx) throws IOException {
            TagReader in = ctx.getReader();
            String realmId = null;
            String clientUuid = null;
            String authResultId = null;
            long expiresAt = 0;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == REALM) realmId = in.readString();
                else if (tag == CLIENT) clientUuid = in.readString();
                else if (tag == REQUEST) authResultId = in.readString();
                else if (tag == EXPIRES) expiresAt = in.readInt64();
                else if (!in.skipField(tag)) break; // a field of a newer version: skipped
            }
            return new PushExpiryEvent(realmId, clientUuid, authResultId, expiresAt);
        }

        @Override
        public void write(WriteContext ctx, PushExpiryEvent e) throws IOException {
            TagWriter out = ctx.getWriter();
            if (e.realmId() != null) out.writeString(1, e.realmId());
            if (e.clientUuid() != null) out.writeString(2, e.clientUuid());
            if (e.authResultId() != null) out.writeString(3, e.authResultId());
            out.writeInt64(4, e.expiresAt());
        }
    }
}
