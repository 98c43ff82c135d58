package dev.fapikit.ciba.approval;

import java.util.Map;

/** Level of authentication a request's {@code acr_values} demand (CIBA Core 1.0 §7.1, OIDC Core §3.1.2.1). */
public final class AcrRequirement {

    private AcrRequirement() {
    }

    /**
     * acr_values lists acceptable values in order of preference, so any of them satisfies the request: the requirement
     * is the lowest level among the values the realm or client maps (a numeric value is a level itself). Values that
     * map to nothing are ignored; no mapped value means no requirement ({@code 0}).
     */
    public static int requiredLevel(String acrValues, Map<String, Integer> acrToLoa) {
        if (acrValues == null || acrValues.isBlank()) return 0;
        Integer lowest = null;
        for (String acr : acrValues.trim().split("\\s+")) {
            Integer level = acrToLoa.get(acr);
            if (level == null && acr.matches("\\d{1,3}")) level = Integer.parseInt(acr);
            if (level != null && (lowest == null || level < lowest)) lowest = level;
        }
        return lowest == null ? 0 : lowest;
    }

    /** The level an {@code acr} claim stands for, or -1 when unknown. */
    public static int levelOf(String acr, Map<String, Integer> acrToLoa) {
        if (acr == null) return -1;
        Integer level = acrToLoa.get(acr);
        if (level != null) return level;
        return acr.matches("\\d{1,3}") ? Integer.parseInt(acr) : -1;
    }

    /**
     * The acr value to request so that a sign-in reaches {@code level} under {@code acrToLoa} (the map the sign-in is
     * minted with): the value of the lowest mapped level at or above it, else the level itself (Keycloak accepts a level
     * of the realm's browser flow as an acr value). {@code null} when no level is needed.
     */
    public static String acrValueFor(int level, Map<String, Integer> acrToLoa) {
        if (level <= 0) return null;
        String best = null;
        int bestLevel = Integer.MAX_VALUE;
        for (Map.Entry<String, Integer> e : acrToLoa.entrySet()) {
            Integer l = e.getValue();
            if (l != null && l >= level && (l < bestLevel || (l == bestLevel && best != null && e.getKey().compareTo(best) < 0))) {
                best = e.getKey();
                bestLevel = l;
            }
        }
        return best != null ? best : Integer.toString(level);
    }
}
