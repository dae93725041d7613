namespace Kumo.Sandbox.Tests;

public sealed class SandboxUserPoolTests
{
    [Fact]
    public void Rent_GivesEachLiveSandboxItsOwnIdAboveHostAccounts()
    {
        var pool = new Kumo.Sandbox.Oci.SandboxUserPool();

        var first = pool.Rent();
        var second = pool.Rent();
        pool.Return(first);
        var third = pool.Rent();

        Assert.Equal(2_000_000_000, first);
        Assert.Equal(2_000_000_001, second);
        Assert.Equal(2_000_000_002, third);
    }
}
