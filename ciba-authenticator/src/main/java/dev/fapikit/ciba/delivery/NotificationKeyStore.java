package dev.fapikit.ciba.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Date;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * The client certificate Keycloak presents to CIBA client notification endpoints (ping, push) and to the notification
 * webhook when they require mutual TLS: a key store file holding one private key with its certificate chain, its
 * password also protecting the key (as PKCS#12 files do).
 *
 * @param file        the key store file, for server info
 * @param certificate the certificate of the first key entry, for server info and the expiry warning
 */
record NotificationKeyStore(Path file, KeyManager[] keyManagers, X509Certificate certificate) {

    /**
     * Loads the key store, or refuses with a message naming the server option an admin has to fix (start-up stops).
     *
     * @param fileOption     the full option name of {@code file}, for messages
     * @param passwordOption the full option name of {@code password}, for messages
     * @param typeOption     the full option name of {@code type}, for messages
     */
    static NotificationKeyStore load(Path file, char[] password, String type, String fileOption, String passwordOption, String typeOption) {
        KeyStore keyStore;
        try {
            keyStore = KeyStore.getInstance(type);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(typeOption + ": unknown key store type '" + type + "' (use PKCS12 or JKS)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, password);
        } catch (IOException e) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(fileOption + ": cannot read " + file.toAbsolutePath() + " (" + e.getClass().getSimpleName() + ")");
            }
            throw new IllegalArgumentException(fileOption + ": cannot open " + file.toAbsolutePath() + " as a " + type
                    + " key store with the password of " + passwordOption + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(fileOption + ": " + file.toAbsolutePath() + " is not a valid " + type + " key store (" + e.getMessage() + ")");
        }
        try {
            X509Certificate certificate = null;
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias) && keyStore.getCertificate(alias) instanceof X509Certificate c) {
                    certificate = c;
                    break;
                }
            }
            if (certificate == null) {
                throw new IllegalArgumentException(fileOption + ": " + file.toAbsolutePath()
                        + " holds no private key with a certificate; it needs the client certificate and its key");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            return new NotificationKeyStore(file.toAbsolutePath(), kmf.getKeyManagers(), certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(fileOption + ": the private key in " + file.toAbsolutePath()
                    + " cannot be read with the password of " + passwordOption + " (" + e.getMessage() + ")");
        }
    }

    boolean expired() {
        return certificate.getNotAfter().before(new Date());
    }
}
