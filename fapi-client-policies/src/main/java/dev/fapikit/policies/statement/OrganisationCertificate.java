package dev.fapikit.policies.statement;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Names of the organisation a TLS client certificate was issued to, for binding a software statement's
 * {@code org_id} to the certificate presented at registration. UK Open Banking transport and signing certificates
 * (OBWAC, OBSeal, and the legacy OB certificates) carry the directory's organisation id in the subject's
 * {@code OU}, or in {@code organizationIdentifier} (OID 2.5.4.97, ETSI EN 319 412-1 §5.1.4); {@code O}, {@code CN}
 * and the subject alternative names (DNS, URI, e-mail, directory name) are accepted as well.
 */
final class OrganisationCertificate {

    /** ETSI EN 319 412-1 §5.1.4 organizationIdentifier. */
    static final String ORGANIZATION_IDENTIFIER_OID = "2.5.4.97";
    private static final String ORGANIZATION_IDENTIFIER = "ORGANIZATIONIDENTIFIER";
    private static final Set<String> SUBJECT_ATTRIBUTES = Set.of("O", "OU", "CN", ORGANIZATION_IDENTIFIER);

    private OrganisationCertificate() {
    }

    /** Whether the certificate names the organisation {@code orgId} (exact match of one of its names). */
    static boolean names(X509Certificate certificate, String orgId) {
        return orgId != null && names(certificate).contains(orgId);
    }

    static Set<String> names(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        String subject = certificate.getSubjectX500Principal()
                .getName(X500Principal.RFC2253, Map.of(ORGANIZATION_IDENTIFIER_OID, ORGANIZATION_IDENTIFIER));
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (SUBJECT_ATTRIBUTES.contains(rdn.getType().toUpperCase(java.util.Locale.ROOT)) && rdn.getValue() instanceof String value) {
                    names.add(value);
                }
            }
        } catch (InvalidNameException e) {
            // a subject Java wrote itself parses; nothing named if it does not
        }
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.size() > 1 && alternative.get(1) instanceof String value) names.add(value);
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable SAN extension names nothing
        }
        return names;
    }
}
