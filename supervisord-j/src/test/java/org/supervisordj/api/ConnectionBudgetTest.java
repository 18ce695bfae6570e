package org.supervisordj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sizing rule for the per-listener connection caps, with plain numbers. */
class ConnectionBudgetTest {

    @Test
    void halfOfTheSpareDescriptorsSharedByTheListeners() {
        assertEquals(105, ConnectionBudget.perListener(256, 46, 1));
        assertEquals(52, ConnectionBudget.perListener(256, 46, 2));
        assertEquals(243, ConnectionBudget.perListener(1024, 50, 2));
    }

    @Test
    void boundedBothWays() {
        assertEquals(ConnectionBudget.MAX_PER_LISTENER, ConnectionBudget.perListener(524_288, 60, 2));
        assertEquals(ConnectionBudget.MAX_PER_LISTENER, ConnectionBudget.perListener(-1, 60, 1), "unlimited");
        assertEquals(ConnectionBudget.MIN_PER_LISTENER, ConnectionBudget.perListener(64, 60, 2));
        assertEquals(ConnectionBudget.MIN_PER_LISTENER, ConnectionBudget.perListener(64, 100, 1), "more in use than allowed");
    }
}
