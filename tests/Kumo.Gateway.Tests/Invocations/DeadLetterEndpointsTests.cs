using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Tests.Invocations;

public sealed class DeadLetterEndpointsTests
{
    private static QueuedEvent Event(string id, string function, QueuedEventStatus status) => new()
    {
        TenantId = Tenants.Default,
        RequestId = id,
        FunctionName = function,
        EnqueuedAt = NativeApiHost.Now,
        NextAttemptAt = NativeApiHost.Now,
        Status = status,
        Attempts = 3,
        LastError = "boom",
    };

    private static async Task<NativeApiHost> HostWithEventsAsync()
    {
        var host = await NativeApiHost.StartAsync();
        await host.Events.EnqueueAsync(Event("failed-a", "a", QueuedEventStatus.Failed), CancellationToken.None);
        await host.Events.EnqueueAsync(Event("expired-b", "b", QueuedEventStatus.Expired), CancellationToken.None);
        await host.Events.EnqueueAsync(Event("queued-a", "a", QueuedEventStatus.Queued), CancellationToken.None);
        return host;
    }

    [Fact]
    public async Task List_ByFunction_AnswersOnlyItsFailedAndExpiredEvents()
    {
        await using var host = await HostWithEventsAsync();

        var all = await host.GetAsync(NativeApi.DeadLettersPath, KumoJsonContext.Default.EventList);
        var onlyA = await host.GetAsync(NativeApi.DeadLettersPath + "?function=a", KumoJsonContext.Default.EventList);

        Assert.Equal(["expired-b", "failed-a"], all.Events.Select(e => e.RequestId).Order(StringComparer.Ordinal));
        var entry = Assert.Single(onlyA.Events);
        Assert.Equal(("failed-a", QueuedEventStatus.Failed, 3, "boom"), (entry.RequestId, entry.Status, entry.Attempts, entry.LastError));
    }

    [Theory]
    [InlineData("limit=abc")]
    [InlineData("limit=0")]
    [InlineData("functon=a")]
    public async Task List_BadQuery_Answers400NamingTheParameter(string query)
    {
        await using var host = await NativeApiHost.StartAsync();

        using var response = await host.Client.GetAsync(NativeApi.DeadLettersPath + "?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.ApiError);
        Assert.Contains(query.Split('=')[0], error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redrive_ByIdsOrAll_SendsOnlyDeadLettersBack()
    {
        await using var host = await HostWithEventsAsync();

        using var byId = await host.Client.PostAsJsonAsync(NativeApi.DeadLettersPath + "/redrive", new { requestIds = new[] { "failed-a", "queued-a" } });
        using var rest = await host.Client.PostAsync(NativeApi.DeadLettersPath + "/redrive", null);

        Assert.Equal(["failed-a"], (await byId.Content.ReadFromJsonAsync(KumoJsonContext.Default.RedriveResult))!.Redriven);
        Assert.Equal(["expired-b"], (await rest.Content.ReadFromJsonAsync(KumoJsonContext.Default.RedriveResult))!.Redriven);
        Assert.All(host.Events.Events.Values, e => Assert.Equal(QueuedEventStatus.Queued, e.Status));
    }

    [Fact]
    public async Task Redrive_BodyNotJson_Answers400SayingWhatToSend()
    {
        await using var host = await NativeApiHost.StartAsync();

        using var response = await host.Client.PostAsync(
            NativeApi.DeadLettersPath + "/redrive", new StringContent("{oops", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("requestIds", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
