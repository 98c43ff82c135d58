package dev.fapikit.ciba.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AcrRequirementTest {

    private static final Map<String, Integer> MAP = Map.of("silver", 1, "gold", 2);
    /** A realm map and a client map that disagree (ISSUE16 §6). */
    private static final Map<String, Integer> REALM = Map.of("silver", 1, "gold", 2);
    private static final Map<String, Integer> CLIENT = Map.of("silver", 2, "gold", 3);

    @Test
    void noAcrValuesMeansNoRequirement() {
        assertThat(AcrRequirement.requiredLevel(null, MAP)).isZero();
        assertThat(AcrRequirement.requiredLevel("  ", MAP)).isZero();
    }

    @Test
    void anyListedValueSatisfiesSoTheLowestMappedLevelCounts() {
        assertThat(AcrRequirement.requiredLevel("gold silver", MAP)).isEqualTo(1);
        assertThat(AcrRequirement.requiredLevel("gold", MAP)).isEqualTo(2);
    }

    @Test
    void numericValuesAreLevelsAndUnknownValuesAreIgnored() {
        assertThat(AcrRequirement.requiredLevel("3", MAP)).isEqualTo(3);
        assertThat(AcrRequirement.requiredLevel("urn:unknown", MAP)).isZero();
        assertThat(AcrRequirement.requiredLevel("urn:unknown gold", MAP)).isEqualTo(2);
    }

    @Test
    void levelOfAnAcrClaim() {
        assertThat(AcrRequirement.levelOf("gold", MAP)).isEqualTo(2);
        assertThat(AcrRequirement.levelOf("1", MAP)).isEqualTo(1);
        assertThat(AcrRequirement.levelOf(null, MAP)).isEqualTo(-1);
        assertThat(AcrRequirement.levelOf("bronze", MAP)).isEqualTo(-1);
    }

    // ISSUE16 §6: levels in one currency, and the acr value a step-up asks for.

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
