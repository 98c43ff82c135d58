package dev.fapikit.ciba.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** ISSUE16 §6: levels in one currency, and the acr value a step-up asks for. */
class AcrRequirementTest {

    private static final Map<String, Integer> REALM = Map.of("silver", 1, "gold", 2);
    private static final Map<String, Integer> CLIENT = Map.of("silver", 2, "gold", 3);

    @Test
    void sameAcrNameMeansDifferentLevelsUnderDisagreeingMaps() {
        assertThat(AcrRequirement.requiredLevel("silver", CLIENT)).isEqualTo(2);
        // the app token's "silver" was minted under the realm map: level 1, below what the client requires
        assertThat(AcrRequirement.levelOf("silver", REALM)).isEqualTo(1);
    }

    @Test
    void stepUpAsksForTheLowestValueAtOrAboveTheLevel() {
        assertThat(AcrRequirement.acrValueFor(2, REALM)).isEqualTo("gold");
        assertThat(AcrRequirement.acrValueFor(1, REALM)).isEqualTo("silver");
        assertThat(AcrRequirement.acrValueFor(0, REALM)).isNull();
    }

    @Test
    void stepUpAsksForTheLevelItselfWhenNoValueReachesIt() {
        assertThat(AcrRequirement.acrValueFor(3, REALM)).isEqualTo("3");
        assertThat(AcrRequirement.acrValueFor(2, Map.of())).isEqualTo("2");
    }

    @Test
    void tiesAreBrokenByName() {
        assertThat(AcrRequirement.acrValueFor(2, Map.of("b", 2, "a", 2, "c", 5))).isEqualTo("a");
    }
}
