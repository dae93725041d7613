using Kumo.Abstractions.Invocations;
using Kumo.Storage.Sqlite.Invocations;

namespace Kumo.Storage.Sqlite.Tests.Invocations;

/// <summary>An invocation record's start kind and phases, through the <c>invocations</c> table and back.</summary>
public sealed class SqliteInvocationPhasesTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly MigratedDatabase _data = new();
    private readonly SqliteInvocationStore _store;

    public SqliteInvocationPhasesTests()
    {
        _store = new SqliteInvocationStore(_data.Database);
    }

    public Task InitializeAsync() => _data.MigrateAsync();

    public Task DisposeAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    private static InvocationRecord Record(string requestId) => new()
    {
        TenantId = Tenant,
        RequestId = requestId,
        TraceId = "1-5759e988-bd862e3fe1be46a994272793",
        FunctionName = "thumbs",
        Trigger = InvocationTriggers.Api,
        StartedAt = T0,
        DurationMs = 1.5,
        BilledDurationMs = 2,
        MemorySizeMb = 128,
        Outcome = InvocationOutcome.Success,
    };

    [Theory]
    [InlineData(StartKind.Warm)]
    [InlineData(StartKind.Prewarmed)]
    [InlineData(StartKind.Cold)]
    [InlineData(StartKind.Provisioned)]
    public async Task AddAsync_WithStartKindAndEveryPhase_GetAsyncReturnsThemAsStored(StartKind kind)
    {
        var phases = new InvocationPhases
        {
            AdmittedMs = 0.021,
            PlacedMs = 0.318,
            SandboxAcquiredMs = 0.402,
            InitializedMs = 31.25,
            HandlerStartedMs = 31.5,
            AnsweredMs = 32.125,
            RecordedMs = 32.2,
        };
        await _store.AddAsync(Record("r-1") with { StartKind = kind, Phases = phases, Cold = kind is StartKind.Cold or StartKind.Prewarmed }, [], CancellationToken.None);

        var stored = await _store.GetAsync(Tenant, "r-1", CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(kind, stored.StartKind);
        Assert.Equal(phases, stored.Phases);
    }

    [Fact]
    public async Task AddAsync_PhasesAWarmInvocationDidNotPass_StayNullAndAreLeftOutOfTheColumn()
    {
        var phases = new InvocationPhases { AdmittedMs = 0.01, PlacedMs = 0.2, SandboxAcquiredMs = 0.21, HandlerStartedMs = 0.3, AnsweredMs = 0.9, RecordedMs = 0.95 };
        await _store.AddAsync(Record("r-warm") with { StartKind = StartKind.Warm, Phases = phases }, [], CancellationToken.None);

        var listed = await _store.ListAsync(new InvocationQuery(Tenant) { RequestId = "r-warm" }, CancellationToken.None);

        var stored = Assert.Single(listed);
        Assert.Null(stored.Phases!.InitializedMs);
        Assert.Equal(phases, stored.Phases);
        Assert.DoesNotContain("initialized", StoredPhases.Format(phases), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_ARecordWithoutStartKindOrPhases_ReadsBackWithNeither()
    {
        await _store.AddAsync(Record("r-throttled") with { Outcome = InvocationOutcome.Throttled }, [], CancellationToken.None);

        var stored = await _store.GetAsync(Tenant, "r-throttled", CancellationToken.None);

        Assert.Null(stored!.StartKind);
        Assert.Null(stored.Phases);
    }

    [Fact]
    public void Parse_NamesItDoesNotKnow_AreSkipped()
    {
        var phases = StoredPhases.Parse("""{"admittedMs":1,"specializedMs":2,"answeredMs":3}""");

        Assert.Equal(new InvocationPhases { AdmittedMs = 1, AnsweredMs = 3 }, phases);
    }
}
