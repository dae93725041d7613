using System.Collections.Concurrent;
using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Tests.Lambda;

/// <summary>An in-memory function catalog with just enough rules to refuse in each way the real one does.</summary>
internal sealed class FakeFunctionCatalog : IFunctionCatalog
{
    public const int MaxZipBytes = 1000;
    public const string UnknownRuntime = "cobol85";
    public static readonly DateTimeOffset Now = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly ConcurrentDictionary<string, FunctionConfiguration> _functions = new(StringComparer.Ordinal);

    public FunctionDefinition? LastCreated { get; private set; }

    public FunctionSettings? LastSettings { get; private set; }

    public int? LastPageSize { get; private set; }

    /// <summary>When set, every read throws it.</summary>
    public Exception? Failure { get; set; }

    /// <summary>The node's memory budget <see cref="GetAccountLimitsAsync"/> reports; 0: not known.</summary>
    public int MemoryBudgetMb { get; set; }

    public FunctionConfiguration Put(FunctionConfiguration function) => _functions[function.Name] = function;

    public FunctionConfiguration? Find(string name) => _functions.GetValueOrDefault(name);

    public Task<FunctionConfiguration> CreateAsync(string tenantId, FunctionDefinition definition, CancellationToken cancellationToken)
    {
        LastCreated = definition;
        Refuse(definition.Runtime == UnknownRuntime, FunctionErrorKind.InvalidParameter, $"Runtime {definition.Runtime} is not supported");
        Refuse(definition.ZipFile.Length > MaxZipBytes, FunctionErrorKind.TooLarge, "Code storage limit exceeded.");
        var settings = definition.Settings;
        var function = new FunctionConfiguration
        {
            TenantId = tenantId,
            Name = definition.Name,
            Runtime = definition.Runtime,
            Handler = definition.Handler,
            Role = settings.Role,
            Description = settings.Description ?? "",
            MemoryMb = settings.MemoryMb ?? 128,
            TimeoutSeconds = settings.TimeoutSeconds ?? 3,
            EphemeralStorageMb = settings.EphemeralStorageMb ?? 512,
            Environment = settings.Environment ?? new Dictionary<string, string>(),
            Tags = definition.Tags,
            State = FunctionState.Active,
            LastUpdateStatus = LastUpdateStatus.Successful,
            CodeSha256 = "",
            RevisionId = "",
        }.WithCode(definition.ZipFile);
        Refuse(!_functions.TryAdd(function.Name, function), FunctionErrorKind.Conflict, $"Function already exist: {definition.Name}");
        return Task.FromResult(function);
    }

    public Task<FunctionConfiguration?> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        return Task.FromResult(Find(name));
    }

    public Task<FunctionPage> ListAsync(string tenantId, string? marker, int maxItems, CancellationToken cancellationToken)
    {
        LastPageSize = maxItems;
        var names = _functions.Keys.Order(StringComparer.Ordinal).SkipWhile(name => marker is not null && string.CompareOrdinal(name, marker) < 0).ToList();
        var page = names.Take(maxItems).Select(name => _functions[name]).ToList();
        return Task.FromResult(new FunctionPage(page, names.Count > maxItems ? names[maxItems] : null));
    }

    public Task<FunctionConfiguration> UpdateCodeAsync(string tenantId, string name, ReadOnlyMemory<byte> zipFile, string? expectedRevisionId, CancellationToken cancellationToken) =>
        Task.FromResult(Change(name, expectedRevisionId, function => function.WithCode(zipFile)));

    public Task<FunctionConfiguration> UpdateSettingsAsync(string tenantId, string name, FunctionSettings settings, CancellationToken cancellationToken)
    {
        LastSettings = settings;
        return Task.FromResult(Change(name, settings.ExpectedRevisionId, function => function with
        {
            Runtime = settings.Runtime ?? function.Runtime,
            Handler = settings.Handler ?? function.Handler,
            Role = settings.Role ?? function.Role,
            Description = settings.Description ?? function.Description,
            MemoryMb = settings.MemoryMb ?? function.MemoryMb,
            TimeoutSeconds = settings.TimeoutSeconds ?? function.TimeoutSeconds,
            EphemeralStorageMb = settings.EphemeralStorageMb ?? function.EphemeralStorageMb,
            Environment = settings.Environment ?? function.Environment,
        }));
    }

    public Task DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        Refuse(!_functions.TryRemove(name, out _), FunctionErrorKind.NotFound, $"Function not found: {name}");
        return Task.CompletedTask;
    }

    public Task<FunctionConfiguration> SetReservedConcurrencyAsync(string tenantId, string name, int? reserved, CancellationToken cancellationToken) =>
        Task.FromResult(Change(name, null, function => function with { ReservedConcurrency = reserved }));

    public Task<FunctionConfiguration> TagAsync(string tenantId, string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        Task.FromResult(Change(name, null, function => function with
        {
            Tags = function.Tags.Concat(tags).GroupBy(tag => tag.Key).ToDictionary(group => group.Key, group => group.Last().Value),
        }));

    public Task<FunctionConfiguration> UntagAsync(string tenantId, string name, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        Task.FromResult(Change(name, null, function => function with
        {
            Tags = function.Tags.Where(tag => !keys.Contains(tag.Key)).ToDictionary(),
        }));

    public Task<AccountLimits> GetAccountLimitsAsync(string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult(new AccountLimits
        {
            ConcurrentExecutions = 1000,
            UnreservedConcurrentExecutions = 1000 - _functions.Values.Sum(function => function.ReservedConcurrency ?? 0),
            MemoryBudgetMb = MemoryBudgetMb,
            CodeSizeZipped = 52_428_800,
            CodeSizeUnzipped = 262_144_000,
            TotalCodeSize = 80_530_636_800,
            FunctionCount = _functions.Count,
            TotalCodeSizeUsed = _functions.Values.Sum(function => function.CodeSize),
        });

    private FunctionConfiguration Change(string name, string? expectedRevisionId, Func<FunctionConfiguration, FunctionConfiguration> change)
    {
        var function = Find(name);
        Refuse(function is null, FunctionErrorKind.NotFound, $"Function not found: {name}");
        Refuse(expectedRevisionId is not null && expectedRevisionId != function!.RevisionId, FunctionErrorKind.Conflict,
            "The Revision Id provided does not match the latest Revision Id.");
        var changed = change(function!) with { RevisionId = Guid.NewGuid().ToString(), LastModified = Now };
        _functions[name] = changed;
        return changed;
    }

    private static void Refuse(bool condition, FunctionErrorKind kind, string message)
    {
        if (condition)
        {
            throw new FunctionRequestException(kind, message);
        }
    }
}
