package dev.inquiries.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class QueueOrderTest {

    @Test
    void worksTheQueueOldestFirstByDefaultWithTheIdAsTieBreaker() {
        assertThat(QueueOrder.DEFAULT).isEqualTo(QueueOrder.TIMESTAMP);
        assertThat(QueueOrder.TIMESTAMP.sort().keysWithTieBreaker()).containsExactly(
                new SortKey(SortField.TS, SortDirection.ASCENDING),
                new SortKey(SortField.ID, SortDirection.ASCENDING));
    }

    @Test
    void knowsItsOrdersByTheSettingsValuesOnly() {
        assertThat(QueueOrder.fromSettingValue("Timestamp")).contains(QueueOrder.TIMESTAMP);
        assertThat(QueueOrder.fromSettingValue("timestamp")).isEqualTo(Optional.empty());
        assertThat(QueueOrder.fromSettingValue("TIMESTAMP")).isEqualTo(Optional.empty());
    }
}
