using System.Net;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Tests.Invocations;

public sealed class FunctionListEndpointTests
{
    [Fact]
    public async Task GetAsync_NoParameters_ListsFunctionsCamelCaseWithDefaultPageSize()
    {
        await using var host = await NativeApiHost.StartAsync();
        host.Functions.Add("resize", FunctionState.Active, reserved: 5);
        host.Functions.Add("broken", FunctionState.Failed);

        var json = await host.Client.GetStringAsync(NativeApi.FunctionsPath);

        using var document = JsonDocument.Parse(json);
        var functions = document.RootElement.GetProperty("functions");
        Assert.Equal(["broken", "resize"], functions.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        var resize = functions[1];
        Assert.Equal("python3.12", resize.GetProperty("runtime").GetString());
        Assert.Equal("app.handler", resize.GetProperty("handler").GetString());
        Assert.Equal(256, resize.GetProperty("memoryMb").GetInt32());
        Assert.Equal(10, resize.GetProperty("timeoutSeconds").GetInt32());
        Assert.Equal("active", resize.GetProperty("state").GetString());
        Assert.Equal(1234, resize.GetProperty("codeSize").GetInt64());
        Assert.Equal(5, resize.GetProperty("reservedConcurrency").GetInt32());
        Assert.Equal(new DateTimeOffset(2026, 1, 30, 8, 0, 0, TimeSpan.Zero), resize.GetProperty("lastModified").GetDateTimeOffset());
        Assert.Equal("failed", functions[0].GetProperty("state").GetString());
        Assert.False(functions[0].TryGetProperty("reservedConcurrency", out _));
        Assert.False(document.RootElement.TryGetProperty("nextMarker", out _));
        Assert.Equal((Tenants.Default, (string?)null, NativeApi.DefaultFunctionLimit), Assert.Single(host.Functions.ListCalls));
    }

    [Fact]
    public async Task GetAsync_MarkerAndLimit_PagesThroughAllFunctions()
    {
        await using var host = await NativeApiHost.StartAsync();
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            host.Functions.Add(name);
        }

        var names = new List<string>();
        string? marker = null;
        do
        {
            var query = $"{NativeApi.FunctionsPath}?limit=2" + (marker is null ? "" : $"&marker={marker}");
            var page = await host.GetAsync(query, KumoJsonContext.Default.FunctionList);
            names.AddRange(page.Functions.Select(f => f.Name));
            marker = page.NextMarker;
        }
        while (marker is not null);

        Assert.Equal(["a", "b", "c", "d", "e"], names);
        Assert.Equal([null, "b", "d"], host.Functions.ListCalls.Select(c => c.Marker));
        Assert.All(host.Functions.ListCalls, c => Assert.Equal(2, c.MaxItems));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=10001")]
    [InlineData("limit=ten")]
    public async Task GetAsync_BadLimit_Answers400NamingTheRange(string query)
    {
        await using var host = await NativeApiHost.StartAsync();

        var error = await host.GetErrorAsync($"{NativeApi.FunctionsPath}?{query}", HttpStatusCode.BadRequest);

        Assert.Equal("InvalidParameter", error.Code);
        Assert.Contains("use a whole number from 1 to 10000", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Functions.ListCalls);
    }

    [Fact]
    public async Task GetAsync_MarkerTheCatalogRefuses_Answers400WithItsMessage()
    {
        await using var host = await NativeApiHost.StartAsync();

        var error = await host.GetErrorAsync($"{NativeApi.FunctionsPath}?marker=bad", HttpStatusCode.BadRequest);

        Assert.Equal("InvalidParameter", error.Code);
        Assert.Equal("marker 'bad' is not one this server gave", error.Message);
    }
}
