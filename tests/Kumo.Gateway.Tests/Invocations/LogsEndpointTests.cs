using System.Net;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;

namespace Kumo.Gateway.Tests.Invocations;

public sealed class LogsEndpointTests
{
    [Fact]
    public async Task GetAsync_FollowingWithAfter_ReadsEachLineOnce()
    {
        await using var host = await NativeApiHost.StartAsync();
        host.Functions.Add("resize");
        host.Functions.Add("other");
        host.Invocations.Write("resize", "req-1", "one");
        host.Invocations.Write("other", "req-x", "not mine");
        host.Invocations.Write("resize", "req-1", "two");
        host.Invocations.Write("resize", "req-1", "three");

        var first = await host.GetAsync($"{NativeApi.LogsPath}?function=resize&newest=true&limit=2", KumoJsonContext.Default.LogPage);
        var idle = await host.GetAsync($"{NativeApi.LogsPath}?function=resize&after={first.LastSequence}", KumoJsonContext.Default.LogPage);
        host.Invocations.Write("resize", "req-2", "four");
        host.Invocations.Write("other", "req-y", "still not mine");
        host.Invocations.Write("resize", "req-2", "five");
        var next = await host.GetAsync($"{NativeApi.LogsPath}?function=resize&after={idle.LastSequence}", KumoJsonContext.Default.LogPage);

        Assert.Equal(["two", "three"], first.Lines.Select(l => l.Text));
        Assert.Equal(4, first.LastSequence);
        Assert.Empty(idle.Lines);
        Assert.Equal(4, idle.LastSequence);
        Assert.Equal(["four", "five"], next.Lines.Select(l => l.Text));
        Assert.Equal(7, next.LastSequence);
        Assert.Equal(["req-2", "req-2"], next.Lines.Select(l => l.RequestId));
    }

    [Fact]
    public async Task GetAsync_EveryFilter_IsPassedToTheStore()
    {
        await using var host = await NativeApiHost.StartAsync();
        host.Functions.Add("resize");

        var page = await host.GetAsync(
            $"{NativeApi.LogsPath}?function=resize&requestId=req-1&after=41&limit=5&newest=true", KumoJsonContext.Default.LogPage);

        Assert.Equal(
            new LogQuery(Tenants.Default) { FunctionName = "resize", RequestId = "req-1", AfterSequence = 41, Limit = 5, Newest = true },
            Assert.Single(host.Invocations.LogQueries));
        Assert.Equal(41, page.LastSequence);
    }

    [Fact]
    public async Task GetAsync_NoParameters_ReadsTheOldestOfAllLinesAndStartsAtZero()
    {
        await using var host = await NativeApiHost.StartAsync();

        var page = await host.GetAsync(NativeApi.LogsPath, KumoJsonContext.Default.LogPage);

        Assert.Equal(new LogQuery(Tenants.Default), Assert.Single(host.Invocations.LogQueries));
        Assert.Empty(page.Lines);
        Assert.Equal(0, page.LastSequence);
    }

    [Fact]
    public async Task GetAsync_UnknownFunction_Answers404()
    {
        await using var host = await NativeApiHost.StartAsync();

        var error = await host.GetErrorAsync($"{NativeApi.LogsPath}?function=ghost", HttpStatusCode.NotFound);

        Assert.Equal("NotFound", error.Code);
        Assert.Contains("no function named 'ghost'", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Invocations.LogQueries);
    }

    [Fact]
    public async Task GetAsync_BadValues_Answers400NamingEach()
    {
        await using var host = await NativeApiHost.StartAsync();

        var error = await host.GetErrorAsync($"{NativeApi.LogsPath}?after=-1&limit=0&newest=yes", HttpStatusCode.BadRequest);

        Assert.Contains("after '-1' is not valid: use a sequence number of 0 or more", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit '0' is not valid: use a whole number from 1 to 10000", error.Message, StringComparison.Ordinal);
        Assert.Contains("newest 'yes' is not valid: use true or false", error.Message, StringComparison.Ordinal);
    }
}
