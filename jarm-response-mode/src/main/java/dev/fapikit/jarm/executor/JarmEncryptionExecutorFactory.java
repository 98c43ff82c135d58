package dev.fapikit.jarm.executor;

import org.keycloak.jose.jwe.JWEConstants;

import dev.fapikit.core.policy.SimpleExecutorFactory;

import static dev.fapikit.core.policy.ProfileOptions.bool;

/** {@value #PROVIDER_ID}: JARM encryption metadata that is consistent, with the JARM §3 default for {@code enc}. */
public class JarmEncryptionExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-jarm-encryption";

    public static final String AUTO_CONFIGURE = AutoConfiguringExecutor.AUTO_CONFIGURE;
    /** JARM §3: "If authorization_encrypted_response_alg is specified, the default for this value is A128CBC-HS256." */
    static final boolean DEFAULT_AUTO_CONFIGURE = true;
    static final String DEFAULT_ENC = JWEConstants.A128CBC_HS256;

    public JarmEncryptionExecutorFactory() {
        super(PROVIDER_ID, JarmEncryptionExecutor::new,
                "Makes JARM encryption metadata consistent (JARM section 3): an authorization response encryption 'enc' "
                        + "needs an 'alg'; both must be algorithms this server supports; with an 'alg' and no 'enc', "
                        + "A128CBC-HS256 is used. Without it Keycloak sends such a client's authorization responses unencrypted.",
                bool(AUTO_CONFIGURE, "Auto-configure", DEFAULT_AUTO_CONFIGURE,
                        "If On, a client with an authorization response encryption algorithm ('alg') but no content encryption "
                                + "('enc') gets A128CBC-HS256, the JARM default, when it is created or updated and, for clients "
                                + "created earlier, at its next authorization request. If Off, such a client is refused at "
                                + "registration and its authorization requests are refused."));
    }
}
