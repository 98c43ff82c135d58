package dev.fapikit.mtls.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * RFC 8705 §2.1.2: the subject alternative name types a {@code tls_client_auth} client may be registered by, with the
 * client attribute that holds the expected value and the dynamic registration metadata name.
 */
public enum SanType {

    /** {@code tls_client_auth_san_dns}: a dNSName SAN entry (RFC 5280 §4.2.1.6), compared case-insensitively. */
    DNS(2, "x509.san.dns", "tls_client_auth_san_dns") {
        @Override
        boolean sameName(String expected, String presented) {
            return expected.equalsIgnoreCase(presented);
        }
    },
    /** {@code tls_client_auth_san_uri}: a uniformResourceIdentifier SAN entry, compared as a string. */
    URI(6, "x509.san.uri", "tls_client_auth_san_uri") {
        @Override
        boolean sameName(String expected, String presented) {
            return expected.equals(presented);
        }
    },
    /** {@code tls_client_auth_san_ip}: an iPAddress SAN entry, IPv4 dotted decimal or IPv6 text, compared as addresses. */
    IP(7, "x509.san.ip", "tls_client_auth_san_ip") {
        @Override
        boolean sameName(String expected, String presented) {
            byte[] expectedAddress = literalAddress(expected);
            return expectedAddress != null && Arrays.equals(expectedAddress, literalAddress(presented));
        }
    },
    /** {@code tls_client_auth_san_email}: an rfc822Name SAN entry; the domain is case-insensitive (RFC 5280 §7.5). */
    EMAIL(1, "x509.san.email", "tls_client_auth_san_email") {
        @Override
        boolean sameName(String expected, String presented) {
            int at = expected.lastIndexOf('@');
            int presentedAt = presented.lastIndexOf('@');
            return at > 0 && at == presentedAt && expected.regionMatches(0, presented, 0, at)
                    && expected.substring(at).toLowerCase(Locale.ROOT).equals(presented.substring(at).toLowerCase(Locale.ROOT));
        }
    };

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final int generalNameTag;
    private final String clientAttribute;
    private final String registrationMetadata;

    SanType(int generalNameTag, String clientAttribute, String registrationMetadata) {
        this.generalNameTag = generalNameTag;
        this.clientAttribute = clientAttribute;
        this.registrationMetadata = registrationMetadata;
    }

    /** The GeneralName choice of RFC 5280 §4.2.1.6, as {@link java.security.cert.X509Certificate#getSubjectAlternativeNames()} reports it. */
    int generalNameTag() {
        return generalNameTag;
    }

    public String clientAttribute() {
        return clientAttribute;
    }

    public String registrationMetadata() {
        return registrationMetadata;
    }

    abstract boolean sameName(String expected, String presented);

    /** The address of an IP literal, without any name lookup; {@code null} for anything else. */
    static byte[] literalAddress(String value) {
        if (value == null || !(IPV4.matcher(value).matches() || value.contains(":") && IPV6.matcher(value).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
