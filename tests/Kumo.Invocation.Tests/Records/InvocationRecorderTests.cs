using Kumo.Abstractions.Invocations;
using Kumo.Invocation.Records;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Tests.Records;

public sealed class InvocationRecorderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RecordAsync_WriterBusy_ReturnsBeforeTheRecordIsStored()
    {
        await using var bed = await RecordsTestBed.StartAsync();
        bed.Gated.Hold();

        await bed.RecordAsync("r1").WaitAsync(Deadline);
        await bed.Gated.EnteredAsync();

        Assert.Null(await bed.Backend.GetAsync(RecordsTestBed.Tenant, "r1", CancellationToken.None));
        bed.Gated.Release();
        Assert.NotNull(await bed.Reads.GetAsync(RecordsTestBed.Tenant, "r1", CancellationToken.None));
    }

    [Fact]
    public async Task Reads_RightAfterRecordAsync_SeeTheRecordAndItsLines()
    {
        await using var bed = await RecordsTestBed.StartAsync();
        bed.Gated.Hold();
        await bed.RecordAsync("r1");

        // SQLite answers synchronously: without the barrier these reads would be done, empty, before the release.
        var record = bed.Reads.GetAsync(RecordsTestBed.Tenant, "r1", CancellationToken.None);
        var list = bed.Reads.ListAsync(new InvocationQuery(RecordsTestBed.Tenant), CancellationToken.None);
        var lines = bed.Reads.GetLogsAsync(new LogQuery(RecordsTestBed.Tenant) { RequestId = "r1" }, CancellationToken.None);
        bed.Gated.Release();

        Assert.Equal("r1", (await record)?.RequestId);
        Assert.Equal(["r1"], (await list).Select(r => r.RequestId));
        Assert.Equal(RecordsTestBed.Lines("r1").Select(l => l.Text), (await lines).Select(l => l.Text));
    }

    [Fact]
    public async Task Reads_NothingQueued_DoNotWait()
    {
        await using var bed = await RecordsTestBed.StartAsync();
        await bed.RecordAsync("r1");
        await bed.Reads.GetAsync(RecordsTestBed.Tenant, "r1", CancellationToken.None);
        bed.Gated.Hold();

        Assert.True(bed.Queue.WhenWrittenAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.Equal(0, bed.Queue.Pending);
    }

    [Fact]
    public async Task RecordAsync_QueueFull_WaitsForRoomAndLosesNothing()
    {
        await using var bed = await RecordsTestBed.StartAsync(capacity: 2);
        bed.Gated.Hold();
        await bed.RecordAsync("r1");
        await bed.Gated.EnteredAsync();
        // r1 is with the writer, held at the store; r2 and r3 fill the queue.
        await bed.RecordAsync("r2").WaitAsync(Deadline);
        await bed.RecordAsync("r3").WaitAsync(Deadline);

        var r4 = bed.RecordAsync("r4");

        Assert.False(r4.IsCompleted);
        bed.Gated.Release();
        await r4.WaitAsync(Deadline);
        var stored = await bed.Reads.ListAsync(new InvocationQuery(RecordsTestBed.Tenant), CancellationToken.None);
        Assert.Equal(["r1", "r2", "r3", "r4"], stored.Select(r => r.RequestId).Order());
    }

    [Fact]
    public async Task Writer_SeveralQueued_StoresThemInOneBatch()
    {
        await using var bed = await RecordsTestBed.StartAsync();
        bed.Gated.Hold();
        await bed.RecordAsync("r1");
        await bed.Gated.EnteredAsync();
        for (var i = 2; i <= 6; i++)
        {
            await bed.RecordAsync($"r{i}");
        }

        bed.Gated.Release();

        Assert.Equal(6, (await bed.Reads.ListAsync(new InvocationQuery(RecordsTestBed.Tenant), CancellationToken.None)).Count);
        Assert.Equal([1, 5], bed.Gated.Batches);
    }

    [Fact]
    public async Task Writer_DuplicateInABatch_StoresTheOthersAndLogsTheDuplicate()
    {
        await using var bed = await RecordsTestBed.StartAsync();
        await bed.Backend.AddAsync(RecordsTestBed.Record("taken"), [], CancellationToken.None);
        bed.Gated.Hold();
        await bed.RecordAsync("r1");
        await bed.Gated.EnteredAsync();
        await bed.RecordAsync("a");
        await bed.RecordAsync("taken");
        await bed.RecordAsync("b");

        bed.Gated.Release();

        var stored = await bed.Reads.ListAsync(new InvocationQuery(RecordsTestBed.Tenant), CancellationToken.None);
        Assert.Equal(["a", "b", "r1", "taken"], stored.Select(r => r.RequestId).Order());
        Assert.Equal(2, (await bed.Reads.GetLogsAsync(new LogQuery(RecordsTestBed.Tenant) { RequestId = "b" }, CancellationToken.None)).Count);
        // The batch of three failed as a whole, then each was stored on its own.
        Assert.Equal([1, 3, 0, 0, 0], bed.Gated.Batches);
        var error = Assert.Single(bed.Log.Entries);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("taken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writer_BatchFailsForAnotherReason_GivesItUpSaidOnce_AndGoesOn()
    {
        // A locked database or a full disk fails every record alike: trying them one by one would hold the writer
        // for the store's timeout per record.
        await using var bed = await RecordsTestBed.StartAsync();
        bed.Gated.Hold();
        await bed.RecordAsync("r1");
        await bed.Gated.EnteredAsync();
        bed.Gated.FailNextBatch = new IOException("database is locked");
        await bed.RecordAsync("a");
        await bed.RecordAsync("b");
        await bed.RecordAsync("c");
        bed.Gated.Release();
        await bed.Queue.WhenWrittenAsync(CancellationToken.None);

        await bed.RecordAsync("d");

        var stored = await bed.Reads.ListAsync(new InvocationQuery(RecordsTestBed.Tenant), CancellationToken.None);
        Assert.Equal(["d", "r1"], stored.Select(r => r.RequestId).Order());
        Assert.Equal([1, 3, 1], bed.Gated.Batches);
        var error = Assert.Single(bed.Log.Entries);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("Could not record 3 invocations (a to c)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_RecordsQueued_StoresThemAllBeforeItReturns()
    {
        await using var bed = await RecordsTestBed.StartAsync();
        bed.Gated.Hold();
        for (var i = 1; i <= 300; i++)
        {
            await bed.RecordAsync($"r{i}");
        }

        var stop = bed.Recorder.StopAsync(CancellationToken.None);

        Assert.False(stop.IsCompleted);
        bed.Gated.Release();
        await stop.WaitAsync(Deadline);
        Assert.Equal(300, await bed.CommittedAsync());
        Assert.Equal(0, bed.Queue.Pending);
        Assert.All(bed.Gated.Batches, size => Assert.InRange(size, 1, InvocationRecorder.MaxBatch));
    }

    [Fact]
    public async Task RecordAsync_AnAsynchronousEventsRun_ReturnsOnlyOnceItIsStored()
    {
        await using var bed = await RecordsTestBed.StartAsync();
        bed.Gated.Hold();

        var recording = bed.Recorder.RecordAsync(RecordsTestBed.Record("event") with { Trigger = InvocationTriggers.Async }, []);
        await bed.Gated.EnteredAsync();

        Assert.False(recording.IsCompleted);
        bed.Gated.Release();
        await recording.WaitAsync(Deadline);
        Assert.NotNull(await bed.Backend.GetAsync(RecordsTestBed.Tenant, "event", CancellationToken.None));
    }

    [Fact]
    public async Task RecordAsync_AfterStop_StoresTheRecordBeforeItReturns()
    {
        await using var bed = await RecordsTestBed.StartAsync();
        await bed.Recorder.StopAsync(CancellationToken.None);

        await bed.RecordAsync("late");

        Assert.NotNull(await bed.Backend.GetAsync(RecordsTestBed.Tenant, "late", CancellationToken.None));
        Assert.Equal([0], bed.Gated.Batches);
    }

    [Fact]
    public async Task RecordAsync_BeforeStart_StoresTheRecordBeforeItReturns()
    {
        await using var bed = await RecordsTestBed.StartAsync(startRecorder: false);

        await bed.RecordAsync("early");

        Assert.NotNull(await bed.Backend.GetAsync(RecordsTestBed.Tenant, "early", CancellationToken.None));
    }

    [Fact]
    public async Task RecordAsync_StoreFailsOnItsOwn_LogsAndDoesNotThrow()
    {
        await using var bed = await RecordsTestBed.StartAsync(startRecorder: false);
        await bed.RecordAsync("once");

        await bed.RecordAsync("once");

        var error = Assert.Single(bed.Log.Entries);
        Assert.Contains("once", error.Message, StringComparison.Ordinal);
    }
}
