namespace Kumo.Gateway.Tests.Lambda.Account;

public sealed class AccountSettingsTests
{
    [Theory]
    [InlineData("/2016-08-19/account-settings/")]
    [InlineData("/2016-08-19/account-settings")]
    public async Task GetAccountSettings_WithOrWithoutSlash_ReturnsLimitsAndUsage(string path)
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("a") with { ReservedConcurrency = 10 });
        server.Catalog.Put(FunctionConfigurations.New("b"));

        using var response = await server.Http.GetAsync(path);

        var settings = await LambdaAssert.JsonAsync(response);
        var limit = settings.GetProperty("AccountLimit");
        Assert.Equal(80_530_636_800, limit.GetProperty("TotalCodeSize").GetInt64());
        Assert.Equal(262_144_000, limit.GetProperty("CodeSizeUnzipped").GetInt64());
        Assert.Equal(52_428_800, limit.GetProperty("CodeSizeZipped").GetInt64());
        Assert.Equal(1000, limit.GetProperty("ConcurrentExecutions").GetInt32());
        Assert.Equal(990, limit.GetProperty("UnreservedConcurrentExecutions").GetInt32());
        var usage = settings.GetProperty("AccountUsage");
        Assert.Equal(2, usage.GetProperty("FunctionCount").GetInt64());
        Assert.Equal(6, usage.GetProperty("TotalCodeSize").GetInt64());
    }
}
