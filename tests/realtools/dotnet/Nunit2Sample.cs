// NUnit 2.6 sample: passes, a failure, an error, Ignore, an inconclusive test, a not-runnable
// one (a test method with parameters and no TestCase data), an explicit test and a unicode name.
using System;
using NUnit.Framework;

namespace Sample
{
    [TestFixture]
    public class Arithmetic
    {
        [Test] public void Adds() { Assert.AreEqual(2, 1 + 1); }
        [Test] public void WrongSum() { Assert.AreEqual(5, 2 + 2); }
        [Test] public void Throws() { throw new InvalidOperationException("boom"); }
        [Test, Ignore("not today")] public void Ignored() { }
        [Test] public void NotSure() { Assert.Inconclusive("cannot tell"); }
        [Test] public void NeedsData(int n) { }
        [Test, Explicit] public void OnlyByHand() { }
        [Test] public void Ünïcödé() { Assert.IsTrue(true); }
    }
}
