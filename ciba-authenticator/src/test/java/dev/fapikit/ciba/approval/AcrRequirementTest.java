package dev.fapikit.ciba.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AcrRequirementTest {

    private static final Map<String, Integer> MAP = Map.of("silver", 1, "gold", 2);

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
}
