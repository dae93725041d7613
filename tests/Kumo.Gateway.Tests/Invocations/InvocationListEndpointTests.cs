using System.Net;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;

namespace Kumo.Gateway.Tests.Invocations;

public sealed class InvocationListEndpointTests
{
    [Fact]
    public async Task GetAsync_EveryFilter_IsPassedToTheStore()
    {
        await using var host = await NativeApiHost.StartAsync();

        await host.GetAsync(
            $"{NativeApi.InvocationsPath}?function=resize&outcome=FUNCTIONERROR&since=15m&until=2026-01-31T11:59:00Z&cold=true&limit=7",
            KumoJsonContext.Default.InvocationList);

        var query = Assert.Single(host.Invocations.Queries);
        Assert.Equal(
            new InvocationQuery(Tenants.Default)
            {
                FunctionName = "resize",
                Outcome = InvocationOutcome.FunctionError,
                Since = NativeApiHost.Now.AddMinutes(-15),
                Until = new DateTimeOffset(2026, 1, 31, 11, 59, 0, TimeSpan.Zero),
                ColdOnly = true,
                Limit = 7,
            },
            query);
    }

    [Theory]
    [InlineData("2h", -120)]
    [InlineData("1d", -1440)]
    [InlineData("90s", -1.5)]
    [InlineData("2026-01-31T11:00:00+01:00", -120)]
    [InlineData("2026-01-31T11:00:00", -60)]
    public async Task GetAsync_Since_TakesIsoTimesAndTimesAgo(string since, double minutesFromNow)
    {
        await using var host = await NativeApiHost.StartAsync();

        await host.GetAsync($"{NativeApi.InvocationsPath}?since={Uri.EscapeDataString(since)}", KumoJsonContext.Default.InvocationList);

        Assert.Equal(NativeApiHost.Now.AddMinutes(minutesFromNow), Assert.Single(host.Invocations.Queries).Since);
    }

    [Fact]
    public async Task GetAsync_NoFilter_AsksForTheDefaultsAndAnswersEveryFieldNewestFirst()
    {
        await using var host = await NativeApiHost.StartAsync();
        host.Invocations.AddRecord("resize", "req-1");
        host.Invocations.AddRecord("resize", "req-2", InvocationOutcome.OutOfMemory);

        var json = await host.Client.GetStringAsync(NativeApi.InvocationsPath);

        Assert.Equal(new InvocationQuery(Tenants.Default), Assert.Single(host.Invocations.Queries));
        using var document = JsonDocument.Parse(json);
        var invocations = document.RootElement.GetProperty("invocations");
        Assert.Equal(["req-2", "req-1"], invocations.EnumerateArray().Select(i => i.GetProperty("requestId").GetString()));
        var newest = invocations[0];
        Assert.Equal(
            ["tenantId", "requestId", "traceId", "attempt", "functionName", "version", "trigger", "startedAt", "initDurationMs", "durationMs",
                "billedDurationMs", "memorySizeMb", "maxMemoryUsedMb", "cold", "outcome", "errorType", "errorMessage"],
            newest.EnumerateObject().Select(p => p.Name));
        Assert.Equal("outOfMemory", newest.GetProperty("outcome").GetString());
        Assert.Equal("$LATEST", newest.GetProperty("version").GetString());
        Assert.Equal(3.25, newest.GetProperty("durationMs").GetDouble());
        Assert.True(newest.GetProperty("cold").GetBoolean());
        Assert.False(invocations[1].TryGetProperty("errorType", out _));
    }

    [Fact]
    public async Task GetAsync_BadFilters_Answers400NamingEachParameterAndItsAllowedValues()
    {
        await using var host = await NativeApiHost.StartAsync();

        var error = await host.GetErrorAsync(
            $"{NativeApi.InvocationsPath}?outcome=bogus&since=yesterday&until=5x&cold=maybe&limit=1001",
            HttpStatusCode.BadRequest);

        Assert.Equal("InvalidParameter", error.Code);
        Assert.Contains(
            "outcome 'bogus' is not valid: use one of success, functionError, timeout, outOfMemory, throttled, platformError (any case)",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains("since 'yesterday' is not valid: use an ISO-8601 time", error.Message, StringComparison.Ordinal);
        Assert.Contains("until '5x' is not valid", error.Message, StringComparison.Ordinal);
        Assert.Contains("cold 'maybe' is not valid: use true or false", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit '1001' is not valid: use a whole number from 1 to 1000", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Invocations.Queries);
    }

    [Fact]
    public async Task GetAsync_UntilNotAfterSince_Answers400()
    {
        await using var host = await NativeApiHost.StartAsync();

        var error = await host.GetErrorAsync($"{NativeApi.InvocationsPath}?since=1h&until=2h", HttpStatusCode.BadRequest);

        Assert.Contains("is not after since", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_UnknownParameter_Answers400ListingTheKnownOnes()
    {
        await using var host = await NativeApiHost.StartAsync();

        var error = await host.GetErrorAsync($"{NativeApi.InvocationsPath}?functon=resize", HttpStatusCode.BadRequest);

        Assert.Equal(
            "unknown query parameter 'functon': use function, outcome, since, until, cold, limit.",
            error.Message);
    }
}
