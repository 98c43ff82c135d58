package dev.fapikit.core.jose;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import org.jboss.logging.Logger;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.JsonSerialization;

/**
 * RFC 7519 §4: "The Claim Names within a JWT Claims Set MUST be unique". Keycloak's {@link JsonWebToken} writes its
 * declared claims ({@code iss}, {@code sub}, {@code aud}, …) and then every entry of its free-form
 * {@code otherClaims} map. When code puts a claim of the same name into that map, the JSON carries the name twice:
 * Keycloak's JARM builder adds the RFC 9207 {@code iss} parameter as a second {@code iss} member to every JARM
 * response of a client that does not exclude that parameter, and any request parameter copied into a token's other
 * claims could shadow a claim the server set (the CIBA {@code auth_req_id} injection of issue #16: most JSON parsers,
 * Keycloak's included, keep the last member).
 * <p>
 * This Jackson module, installed once on Keycloak's shared {@link JsonSerialization#mapper}, makes every serialized
 * {@link JsonWebToken} (and subclass) carry each top-level name once: the first member written wins, which is the
 * declared claim the server set; a later same-named member from {@code otherClaims} is dropped (logged at debug level).
 */
public final class UniqueClaimNames {

    private static final Logger LOG = Logger.getLogger(UniqueClaimNames.class);
    static final String MODULE_NAME = "fapi-kit-unique-claim-names";

    private UniqueClaimNames() {
    }

    /** Registers the module on Keycloak's shared mapper, once (Jackson ignores a module registered twice by id). */
    public static void install() {
        install(JsonSerialization.mapper);
    }

    static void install(ObjectMapper mapper) {
        if (mapper.getRegisteredModuleIds().contains(MODULE_NAME)) {
            return;
        }
        SimpleModule module = new SimpleModule(MODULE_NAME);
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                    JsonSerializer<?> serializer) {
                return JsonWebToken.class.isAssignableFrom(description.getBeanClass())
                        ? new FirstMemberWins(serializer) : serializer;
            }
        });
        mapper.registerModule(module);
    }

    /** Writes the bean as Keycloak would, into a buffer, then copies it keeping the first of each top-level name. */
    static final class FirstMemberWins extends JsonSerializer<Object> implements ContextualSerializer, ResolvableSerializer {

        private final JsonSerializer<Object> delegate;

        @SuppressWarnings("unchecked")
        FirstMemberWins(JsonSerializer<?> delegate) {
            this.delegate = (JsonSerializer<Object>) delegate;
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (delegate instanceof ResolvableSerializer resolvable) {
                resolvable.resolve(provider);
            }
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            if (delegate instanceof ContextualSerializer contextual) {
                JsonSerializer<?> contextualized = contextual.createContextual(provider, property);
                return contextualized == delegate ? this : new FirstMemberWins(contextualized);
            }
            return this;
        }

        @Override
        public Class<Object> handledType() {
            return delegate.handledType();
        }

        @Override
        public void serialize(Object value, JsonGenerator out, SerializerProvider provider) throws IOException {
            TokenBuffer buffer = new TokenBuffer(out.getCodec(), false);
            delegate.serialize(value, buffer, provider);
            copyUnique(buffer, out, value.getClass());
        }

        @Override
        public void serializeWithType(Object value, JsonGenerator out, SerializerProvider provider, TypeSerializer type)
                throws IOException {
            delegate.serializeWithType(value, out, provider, type);
        }

        private static void copyUnique(TokenBuffer buffer, JsonGenerator out, Class<?> type) throws IOException {
            try (JsonParser in = buffer.asParser()) {
                JsonToken start = in.nextToken();
                if (start != JsonToken.START_OBJECT) {
                    out.copyCurrentStructure(in);
                    return;
                }
                out.writeStartObject();
                Set<String> seen = new HashSet<>();
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String name = in.currentName();
                    in.nextToken();
                    if (seen.add(name)) {
                        out.writeFieldName(name);
                        out.copyCurrentStructure(in);
                    } else {
                        LOG.debugf("RFC 7519 §4: dropped a second '%s' claim from a %s; the claim the server set is kept",
                                name, type.getSimpleName());
                        in.skipChildren();
                    }
                }
                out.writeEndObject();
            }
        }
    }
}
