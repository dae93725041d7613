using System.Text.Json;
using Kumo.Bench.Load.Platform;

namespace Kumo.Bench.Load.Tests;

public sealed class PoolStatusTests
{
    [Theory]
    [InlineData("""{"version":"0.1","pools":[{"kind":"node/256","ready":1,"starting":1,"target":2}]}""")]
    [InlineData("""{"version":"0.1","sandboxes":{"driver":"runc","pools":[{"kind":"node/256","ready":1,"starting":1,"target":2}]}}""")]
    public void Find_PoolsAtTheTopOrUnderSandboxes_AreRead(string status)
    {
        var pools = PoolStatus.Find(JsonDocument.Parse(status).RootElement);

        var pool = Assert.Single(pools!);
        Assert.Equal(new PoolStatus("node/256", 1, 1, 2), pool);
        Assert.False(pool.Full);
    }

    [Fact]
    public void Find_AStatusWithoutPools_IsNull()
    {
        Assert.Null(PoolStatus.Find(JsonDocument.Parse("""{"version":"0.1","sandboxes":{"driver":"runc","live":0}}""").RootElement));
    }
}
