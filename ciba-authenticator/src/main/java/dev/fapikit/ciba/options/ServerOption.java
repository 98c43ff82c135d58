package dev.fapikit.ciba.options;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * One server option of a CIBA provider ({@code --spi-<spi>--<provider>--<name>}) as the server info lists it, so that
 * a factory declares its options as a table: name, type, default and help text side by side.
 *
 * @param name         the option, a constant on the factory
 * @param type         a {@link ProviderConfigProperty} type
 * @param defaultValue the default (a constant next to the option's), or null when it has none
 * @param secret       true when the value must never be shown
 * @param helpText     what the option does, for the admin
 */
public record ServerOption(String name, String type, Object defaultValue, boolean secret, String helpText) {

    public static ServerOption integer(String name, int defaultValue, String helpText) {
        return new ServerOption(name, ProviderConfigProperty.INTEGER_TYPE, defaultValue, false, helpText);
    }

    /** @param defaultValue null when the option has no default */
    public static ServerOption string(String name, String defaultValue, String helpText) {
        return new ServerOption(name, ProviderConfigProperty.STRING_TYPE, defaultValue, false, helpText);
    }

    /** A comma-separated list without a default. */
    public static ServerOption list(String name, String helpText) {
        return new ServerOption(name, ProviderConfigProperty.MULTIVALUED_STRING_TYPE, null, false, helpText);
    }

    public static ServerOption password(String name, String helpText) {
        return new ServerOption(name, ProviderConfigProperty.PASSWORD, null, true, helpText);
    }

    /** The options, in order, as a factory's {@code getConfigMetadata()} returns them. */
    public static List<ProviderConfigProperty> metadata(ServerOption... options) {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (ServerOption option : options) {
            builder.property().name(option.name()).type(option.type()).defaultValue(option.defaultValue()).secret(option.secret())
                    .helpText(option.helpText()).add();
        }
        return builder.build();
    }
}
