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
    void worksByPriorityOrDueTimeThenOldestFirst() {
        assertThat(QueueOrder.PRIORITY.sort().keysWithTieBreaker()).containsExactly(
                new SortKey(SortField.PRIORITY_WEIGHT, SortDirection.ASCENDING),
                new SortKey(SortField.TS, SortDirection.ASCENDING),
                new SortKey(SortField.ID, SortDirection.ASCENDING));
        assertThat(QueueOrder.SLAS.sort().keysWithTieBreaker()).containsExactly(
                new SortKey(SortField.ESTIMATED_WAITING_TIME_QUEUE, SortDirection.ASCENDING),
                new SortKey(SortField.TS, SortDirection.ASCENDING),
                new SortKey(SortField.ID, SortDirection.ASCENDING));
        assertThat(QueueOrder.fromSettingValue("SLAs")).contains(QueueOrder.SLAS);
        assertThat(QueueOrder.fromSettingValue("Priority")).contains(QueueOrder.PRIORITY);
    }

    @Test
    void knowsItsOrdersByTheSettingsValuesOnly() {
        assertThat(QueueOrder.fromSettingValue("Timestamp")).contains(QueueOrder.TIMESTAMP);
        assertThat(QueueOrder.fromSettingValue("timestamp")).isEqualTo(Optional.empty());
        assertThat(QueueOrder.fromSettingValue("TIMESTAMP")).isEqualTo(Optional.empty());
    }
}
