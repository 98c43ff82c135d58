package dev.fapikit.ciba.delivery;

import org.keycloak.cluster.ClusterEvent;

/**
 * "Arm the expiry timer of this push request": sent by the node that accepted a push-mode request to every node of the
 * cluster, so the {@code expired_token} push (CIBA Core 1.0 §12) does not depend on that node staying up.
 *
 * @param expiresAt the request's expiry in seconds since the epoch (each node computes its own delay from it)
 */
public record PushExpiryEvent(String realmId, String clientUuid, String authResultId, long expiresAt) implements ClusterEvent {
}
