<?php
// A pass, a risky test (no assertion), an incomplete and a skipped test: PHPUnit says OK.
use PHPUnit\Framework\TestCase;

final class SampleTest extends TestCase
{
    public function testAdds(): void
    {
        $this->assertSame(3, 1 + 2);
    }

    public function testWithoutAssertions(): void
    {
    }

    public function testUnfinished(): void
    {
        $this->markTestIncomplete('not finished');
    }

    public function testNeedsDatabase(): void
    {
        $this->markTestSkipped('no database');
    }
}
