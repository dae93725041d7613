using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Lifecycle;
using Kumo.Invocation.Records;
using Kumo.Invocation.Tests.Notifications;
using Kumo.Storage.Sqlite;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Invocation.Tests.Records;

/// <summary>
/// The embedded storage (real SQLite) in a temporary data directory, and the write-behind recorder over it with its
/// queue and the waiting view of the store; the store's writes pass a gate the test holds or opens.
/// </summary>
internal sealed class RecordsTestBed : IAsyncDisposable
{
    public const string Tenant = "default";

    private readonly TempDirectory _data = new();
    private readonly ServiceProvider _services;
    private bool _started;

    private RecordsTestBed(int capacity)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKumoEmbeddedStorage(_data.Path);
        _services = services.BuildServiceProvider();
        Backend = _services.GetRequiredService<IInvocationStore>();
        Gated = new GatedInvocationStore(Backend);
        Queue = new RecordQueue(capacity);
        Recorder = new InvocationRecorder(Queue, Gated, Log);
        Reads = new CommittedInvocationStore(Gated, Queue);
    }

    /// <summary>The SQLite store itself: what is committed, without waiting for the queue.</summary>
    public IInvocationStore Backend { get; }

    public GatedInvocationStore Gated { get; }

    public RecordQueue Queue { get; }

    public RecordingLogger<InvocationRecorder> Log { get; } = new();

    public InvocationRecorder Recorder { get; }

    /// <summary>The store as callers see it: reads wait for the queue.</summary>
    public IInvocationStore Reads { get; }

    public static async Task<RecordsTestBed> StartAsync(int capacity = RecordQueue.DefaultCapacity, bool startRecorder = true)
    {
        var bed = new RecordsTestBed(capacity);
        foreach (var step in bed._services.GetServices<IStartupStep>())
        {
            await step.RunAsync(CancellationToken.None);
        }

        if (startRecorder)
        {
            await bed.Recorder.StartAsync(CancellationToken.None);
            bed._started = true;
        }

        return bed;
    }

    public static InvocationRecord Record(string requestId) => new()
    {
        TenantId = Tenant,
        RequestId = requestId,
        TraceId = "Root=1-" + requestId,
        FunctionName = "echo",
        Trigger = InvocationTriggers.Api,
        StartedAt = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero),
        DurationMs = 1.5,
        BilledDurationMs = 2,
        MemorySizeMb = 128,
        Outcome = InvocationOutcome.Success,
    };

    public static LogLine[] Lines(string requestId) =>
        [new(DateTimeOffset.UnixEpoch, $"START RequestId: {requestId}"), new(DateTimeOffset.UnixEpoch, $"END RequestId: {requestId}")];

    public Task RecordAsync(string requestId) => Recorder.RecordAsync(Record(requestId), Lines(requestId));

    /// <summary>How many records are committed, read without waiting for the queue.</summary>
    public async Task<int> CommittedAsync() =>
        (await Backend.ListAsync(new InvocationQuery(Tenant) { Limit = 1000 }, CancellationToken.None)).Count;

    public async ValueTask DisposeAsync()
    {
        Gated.Release();
        if (_started)
        {
            await Recorder.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
        _data.Dispose();
    }
}
