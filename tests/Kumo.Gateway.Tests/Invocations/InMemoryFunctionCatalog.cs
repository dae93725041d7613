using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Tests.Invocations;

/// <summary>Functions in memory, listed in order of name; remembers how it was asked.</summary>
internal sealed class InMemoryFunctionCatalog : IFunctionCatalog
{
    private readonly List<FunctionConfiguration> _functions = [];

    public List<(string TenantId, string? Marker, int MaxItems)> ListCalls { get; } = [];

    public FunctionConfiguration Add(string name, FunctionState state = FunctionState.Active, int? reserved = null)
    {
        var function = new FunctionConfiguration
        {
            TenantId = Tenants.Default,
            Name = name,
            Runtime = "python3.12",
            Handler = "app.handler",
            MemoryMb = 256,
            TimeoutSeconds = 10,
            CodeSha256 = new string('a', 64),
            CodeSize = 1234,
            State = state,
            RevisionId = "r1",
            LastModified = new DateTimeOffset(2026, 1, 30, 8, 0, 0, TimeSpan.Zero),
            ReservedConcurrency = reserved,
        };
        lock (_functions)
        {
            _functions.Add(function);
        }

        return function;
    }

    public Task<FunctionConfiguration?> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        lock (_functions)
        {
            return Task.FromResult(_functions.SingleOrDefault(f => f.TenantId == tenantId && f.Name == name));
        }
    }

    public Task<FunctionPage> ListAsync(string tenantId, string? marker, int maxItems, CancellationToken cancellationToken)
    {
        if (marker == "bad")
        {
            throw new FunctionRequestException(FunctionErrorKind.InvalidParameter, "marker 'bad' is not one this server gave");
        }

        lock (_functions)
        {
            ListCalls.Add((tenantId, marker, maxItems));
            var after = _functions
                .Where(f => f.TenantId == tenantId && (marker is null || string.CompareOrdinal(f.Name, marker) > 0))
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToList();
            var page = after.Take(maxItems).ToList();
            return Task.FromResult(new FunctionPage(page, after.Count > maxItems ? page[^1].Name : null));
        }
    }

    public Task<FunctionConfiguration> CreateAsync(string tenantId, FunctionDefinition definition, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<FunctionConfiguration> UpdateCodeAsync(string tenantId, string name, ReadOnlyMemory<byte> zipFile, string? expectedRevisionId, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    /// <summary>Applies only the keep-alive setting (what the native API changes), checked as the real catalog checks it.</summary>
    public Task<FunctionConfiguration> UpdateSettingsAsync(string tenantId, string name, FunctionSettings settings, CancellationToken cancellationToken)
    {
        lock (_functions)
        {
            var index = _functions.FindIndex(f => f.TenantId == tenantId && f.Name == name);
            if (index < 0)
            {
                throw new FunctionRequestException(FunctionErrorKind.NotFound, $"Function not found: {name}");
            }

            var updated = _functions[index] with { KeepAlive = settings.KeepAlive ?? _functions[index].KeepAlive };
            if (updated.KeepAlive.Problems() is { Count: > 0 } problems)
            {
                throw new FunctionRequestException(FunctionErrorKind.InvalidParameter, string.Join("; ", problems));
            }

            _functions[index] = updated;
            return Task.FromResult(updated);
        }
    }

    public Task DeleteAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<FunctionConfiguration> SetReservedConcurrencyAsync(string tenantId, string name, int? reserved, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<FunctionConfiguration> TagAsync(string tenantId, string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<FunctionConfiguration> UntagAsync(string tenantId, string name, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<AccountLimits> GetAccountLimitsAsync(string tenantId, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
