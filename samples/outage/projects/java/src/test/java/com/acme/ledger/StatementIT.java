package com.acme.ledger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatementIT {
    private final LedgerClient client = new LedgerClient("ledger-db", 5432);

    @Test
    void buildsAMonthlyStatement() throws Exception {
        assertTrue(client.balance("acct-2001") >= 0);
    }

    @Test
    void closesAnEmptyMonth() throws Exception {
        assertTrue(client.balance("acct-2002") >= 0);
    }

    @Test
    void formatsTheHeader() {
        assertTrue("Statement".startsWith("State"));
    }
}
