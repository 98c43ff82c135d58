package dev.fapikit.ciba.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

class ServerOptionTest {

    @Test
    @DisplayName("the options table gives the same properties as Keycloak's builder, in order")
    void metadataAsTheBuilderMakesIt() {
        List<ProviderConfigProperty> table = ServerOption.metadata(
                ServerOption.list("hosts", "Hosts."),
                ServerOption.integer("timeout-ms", 2000, "Milliseconds."),
                ServerOption.string("file", null, "A file."),
                ServerOption.password("password", "A secret."),
                ServerOption.string("type", "PKCS12", "A type."));
        List<ProviderConfigProperty> built = ProviderConfigurationBuilder.create()
                .property().name("hosts").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).helpText("Hosts.").add()
                .property().name("timeout-ms").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(2000).helpText("Milliseconds.").add()
                .property().name("file").type(ProviderConfigProperty.STRING_TYPE).helpText("A file.").add()
                .property().name("password").type(ProviderConfigProperty.PASSWORD).secret(true).helpText("A secret.").add()
                .property().name("type").type(ProviderConfigProperty.STRING_TYPE).defaultValue("PKCS12").helpText("A type.").add()
                .build();
        assertThat(table).usingRecursiveFieldByFieldElementComparator().isEqualTo(built);
        assertThat(table.get(1).getDefaultValue()).isEqualTo(2000);
        assertThat(table.get(3).isSecret()).isTrue();
    }
}
