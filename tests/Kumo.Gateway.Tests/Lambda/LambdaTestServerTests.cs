namespace Kumo.Gateway.Tests.Lambda;

public sealed class LambdaTestServerTests
{
    [Fact]
    public async Task DisposeAsync_AfterRequests_LeavesNothingListening()
    {
        var server = await LambdaTestServer.StartAsync();
        using (await server.Http.GetAsync("/2016-08-19/account-settings/"))
        {
            Assert.True(await server.IsListeningAsync());
        }

        await server.DisposeAsync();

        Assert.False(await server.IsListeningAsync());
    }
}
