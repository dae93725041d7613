using Kumo.Abstractions.Invocations;

namespace Kumo.Gateway.Tests.Invocations;

/// <summary>Records and log lines in memory; remembers the queries it was given.</summary>
internal sealed class InMemoryInvocationStore(TimeProvider time) : IInvocationStore
{
    private readonly Lock _gate = new();
    private readonly List<InvocationRecord> _records = [];
    private readonly List<LogLine> _lines = [];

    public List<InvocationQuery> Queries { get; } = [];

    public List<LogQuery> LogQueries { get; } = [];

    public InvocationRecord AddRecord(string functionName, string requestId, InvocationOutcome outcome = InvocationOutcome.Success)
    {
        var record = new InvocationRecord
        {
            TenantId = "default",
            RequestId = requestId,
            TraceId = $"Root=1-00000000-{requestId}",
            FunctionName = functionName,
            Trigger = InvocationTriggers.Api,
            StartedAt = time.GetUtcNow(),
            InitDurationMs = 120.5,
            DurationMs = 3.25,
            BilledDurationMs = 4,
            MemorySizeMb = 128,
            MaxMemoryUsedMb = 41,
            Cold = true,
            Outcome = outcome,
            ErrorType = outcome == InvocationOutcome.Success ? null : "Runtime.HandlerError",
            ErrorMessage = outcome == InvocationOutcome.Success ? null : "it broke",
        };
        lock (_gate)
        {
            _records.Insert(0, record);
        }

        return record;
    }

    public LogLine Write(string functionName, string requestId, string text)
    {
        lock (_gate)
        {
            var line = new LogLine(time.GetUtcNow(), text)
            {
                Sequence = _lines.Count + 1,
                TenantId = "default",
                FunctionName = functionName,
                RequestId = requestId,
            };
            _lines.Add(line);
            return line;
        }
    }

    public Task<IReadOnlyList<InvocationRecord>> ListAsync(InvocationQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Queries.Add(query);
            IReadOnlyList<InvocationRecord> matching = [.. _records
                .Where(r => r.TenantId == query.TenantId && (query.FunctionName is null || r.FunctionName == query.FunctionName))
                .Take(query.Limit)];
            return Task.FromResult(matching);
        }
    }

    public Task<InvocationRecord?> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.SingleOrDefault(r => r.TenantId == tenantId && r.RequestId == requestId));
        }
    }

    public Task<IReadOnlyList<LogLine>> GetLogsAsync(LogQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            LogQueries.Add(query);
            var matching = _lines.Where(l => l.TenantId == query.TenantId
                && (query.FunctionName is null || l.FunctionName == query.FunctionName)
                && (query.RequestId is null || l.RequestId == query.RequestId)
                && (query.AfterSequence is null || l.Sequence > query.AfterSequence));
            IReadOnlyList<LogLine> page = [.. query.Newest ? matching.TakeLast(query.Limit) : matching.Take(query.Limit)];
            return Task.FromResult(page);
        }
    }

    public Task AddAsync(InvocationRecord record, IReadOnlyList<LogLine> lines, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task AddBatchAsync(IReadOnlyList<(InvocationRecord Record, IReadOnlyList<LogLine> Lines)> batch, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
