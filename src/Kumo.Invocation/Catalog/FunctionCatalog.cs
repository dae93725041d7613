using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Core.Functions;
using Kumo.Invocation.Placement;
using Kumo.Invocation.Worker;
using Kumo.Sandbox.Runtimes;

namespace Kumo.Invocation.Catalog;

/// <summary>
/// The control plane for functions. Each change is checked in full — settings, package, handler — before anything
/// is written; a package is stored before the function that names it, and removed again if that fails.
/// </summary>
internal sealed class FunctionCatalog(
    IFunctionStore store,
    IEventInvokeConfigStore eventConfigs,
    PackageIntake intake,
    FunctionActivation activation,
    RuntimeCatalog runtimes,
    IGrainFactory grains,
    NodeWorker worker,
    FunctionsOptions options,
    PlatformRegion region,
    TimeProvider time) : IFunctionCatalog
{
    private const int MaxTags = 50;

    public async Task<FunctionConfiguration> CreateAsync(string tenantId, FunctionDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var settings = definition.Settings;
        var candidate = new FunctionConfiguration
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
            KeepAlive = settings.KeepAlive ?? KeepAliveConfig.Platform,
            CodeSha256 = new string('0', 64),
            RevisionId = NewRevision(),
            LastModified = time.GetUtcNow(),
        };
        var problems = FunctionRules.Problems(candidate, runtimes.Identifiers.ToList()).ToList();
        problems.AddRange(BudgetProblems(candidate));
        problems.AddRange(TagProblems(definition.Tags));
        problems.AddRange(candidate.KeepAlive.Problems());
        var inspection = intake.Inspect(definition.ZipFile);
        problems.AddRange(inspection.Problems);
        if (inspection.IsValid && runtimes.Find(candidate.Runtime, out _) is not null
            && HandlerFiles.Problem(candidate.Runtime, candidate.Handler, inspection.Entries) is { } handler)
        {
            problems.Add(handler);
        }

        ThrowIfAny(problems);
        if (await store.GetAsync(tenantId, definition.Name, cancellationToken) is not null)
        {
            throw Conflict($"Function already exist: {definition.Name}");
        }

        var function = candidate;
        var created = await intake.StoreAndReferenceAsync(
            definition.ZipFile,
            async package =>
            {
                function = candidate with { CodeSha256 = package.Sha256, CodeSize = package.Size };
                return await store.CreateAsync(function, cancellationToken);
            },
            cancellationToken);
        if (!created)
        {
            throw Conflict($"Function already exist: {definition.Name}");
        }

        _ = activation.StartAsync(function);
        return function;
    }

    public Task<FunctionConfiguration?> GetAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        store.GetAsync(tenantId, name, cancellationToken);

    public Task<FunctionPage> ListAsync(string tenantId, string? marker, int maxItems, CancellationToken cancellationToken) =>
        store.ListAsync(tenantId, marker, Math.Clamp(maxItems, 1, 10_000), cancellationToken);

    public async Task<FunctionConfiguration> UpdateCodeAsync(
        string tenantId, string name, ReadOnlyMemory<byte> zipFile, string? expectedRevisionId, CancellationToken cancellationToken)
    {
        var current = await GetExistingAsync(tenantId, name, expectedRevisionId, cancellationToken);
        var inspection = intake.Inspect(zipFile);
        var problems = inspection.Problems.ToList();
        if (inspection.IsValid && HandlerFiles.Problem(current.Runtime, current.Handler, inspection.Entries) is { } handler)
        {
            problems.Add(handler);
        }

        ThrowIfAny(problems);
        var updated = current;
        var saved = await intake.StoreAndReferenceAsync(
            zipFile,
            async package =>
            {
                updated = current with
                {
                    CodeSha256 = package.Sha256,
                    CodeSize = package.Size,
                    RevisionId = NewRevision(),
                    LastModified = time.GetUtcNow(),
                    LastUpdateStatus = LastUpdateStatus.InProgress,
                    LastUpdateStatusReason = null,
                };
                return await store.UpdateAsync(updated, current.RevisionId, cancellationToken);
            },
            cancellationToken);
        if (!saved)
        {
            throw ChangedMeanwhile(name);
        }

        await intake.RemoveIfUnusedAsync(current.CodeSha256);
        _ = activation.StartAsync(updated);
        return updated;
    }

    public async Task<FunctionConfiguration> UpdateSettingsAsync(string tenantId, string name, FunctionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var current = await GetExistingAsync(tenantId, name, settings.ExpectedRevisionId, cancellationToken);
        var updated = current with
        {
            Runtime = settings.Runtime ?? current.Runtime,
            Handler = settings.Handler ?? current.Handler,
            Role = settings.Role ?? current.Role,
            Description = settings.Description ?? current.Description,
            MemoryMb = settings.MemoryMb ?? current.MemoryMb,
            TimeoutSeconds = settings.TimeoutSeconds ?? current.TimeoutSeconds,
            EphemeralStorageMb = settings.EphemeralStorageMb ?? current.EphemeralStorageMb,
            Environment = settings.Environment ?? current.Environment,
            KeepAlive = settings.KeepAlive ?? current.KeepAlive,
        };
        var problems = FunctionRules.Problems(updated, runtimes.Identifiers.ToList()).ToList();
        problems.AddRange(BudgetProblems(updated));
        problems.AddRange(updated.KeepAlive.Problems());
        if (problems.Count == 0 && (updated.Runtime != current.Runtime || updated.Handler != current.Handler))
        {
            var entries = await intake.EntriesAsync(current.CodeSha256, cancellationToken);
            if (HandlerFiles.Problem(updated.Runtime, updated.Handler, entries) is { } handler)
            {
                problems.Add(handler);
            }
        }

        ThrowIfAny(problems);
        return await SaveAsync(current, updated with { LastUpdateStatus = current.LastUpdateStatus }, cancellationToken);
    }

    public async Task DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(tenantId, name, cancellationToken) ?? throw NotFound(name);
        if (!await store.DeleteAsync(tenantId, name, cancellationToken))
        {
            throw NotFound(name);
        }

        await eventConfigs.DeleteAllAsync(tenantId, name, CancellationToken.None);
        var idle = await grains.GetGrain<IFunctionGrain>(FunctionKeys.Of(tenantId, name)).ForgetAsync();
        await worker.RemoveAsync(idle);
        await intake.RemoveIfUnusedAsync(current.CodeSha256);
    }

    public async Task<FunctionConfiguration> SetReservedConcurrencyAsync(string tenantId, string name, int? reserved, CancellationToken cancellationToken)
    {
        var current = await GetExistingAsync(tenantId, name, null, cancellationToken);
        if (reserved is { } value)
        {
            var others = 0;
            await foreach (var function in AllAsync(tenantId, cancellationToken))
            {
                others += function.Name == name ? 0 : function.ReservedConcurrency ?? 0;
            }

            if (value < 0 || value + others > options.MaxConcurrency)
            {
                throw Invalid(
                    $"ReservedConcurrentExecutions {value} is out of range: use 0 to {Math.Max(0, options.MaxConcurrency - others)} " +
                    $"(the platform runs {options.MaxConcurrency} at once and other functions reserve {others})");
            }
        }

        return await SaveAsync(current, current with { ReservedConcurrency = reserved }, cancellationToken);
    }

    public async Task<FunctionConfiguration> TagAsync(string tenantId, string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var current = await GetExistingAsync(tenantId, name, null, cancellationToken);
        var merged = new Dictionary<string, string>(current.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            merged[key] = value;
        }

        ThrowIfAny(TagProblems(merged));
        return await SaveAsync(current, current with { Tags = merged }, cancellationToken);
    }

    public async Task<FunctionConfiguration> UntagAsync(string tenantId, string name, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var current = await GetExistingAsync(tenantId, name, null, cancellationToken);
        var remaining = current.Tags.Where(t => !keys.Contains(t.Key)).ToDictionary(StringComparer.Ordinal);
        return await SaveAsync(current, current with { Tags = remaining }, cancellationToken);
    }

    public async Task<AccountLimits> GetAccountLimitsAsync(string tenantId, CancellationToken cancellationToken)
    {
        int count = 0, reserved = 0;
        long size = 0;
        await foreach (var function in AllAsync(tenantId, cancellationToken))
        {
            count++;
            reserved += function.ReservedConcurrency ?? 0;
            size += function.CodeSize;
        }

        return new AccountLimits
        {
            ConcurrentExecutions = options.MaxConcurrency,
            UnreservedConcurrentExecutions = options.MaxConcurrency - reserved,
            MemoryBudgetMb = worker.MemoryBudgetMb,
            CodeSizeZipped = intake.Limits.MaxZippedBytes,
            CodeSizeUnzipped = intake.Limits.MaxUnzippedBytes,
            TotalCodeSize = 75L * 1024 * 1024 * 1024,
            FunctionCount = count,
            TotalCodeSizeUsed = size,
        };
    }

    private async IAsyncEnumerable<FunctionConfiguration> AllAsync(string tenantId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? marker = null;
        do
        {
            var page = await store.ListAsync(tenantId, marker, 1000, cancellationToken);
            foreach (var function in page.Functions)
            {
                yield return function;
            }

            marker = page.NextMarker;
        }
        while (marker is not null);
    }

    private async Task<FunctionConfiguration> GetExistingAsync(string tenantId, string name, string? expectedRevisionId, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(tenantId, name, cancellationToken) ?? throw NotFound(name);
        if (expectedRevisionId is not null && expectedRevisionId != current.RevisionId)
        {
            throw Invalid("The Revision Id provided does not match the latest Revision Id. Call GetFunction to get the latest Revision Id");
        }

        return current;
    }

    private async Task<FunctionConfiguration> SaveAsync(FunctionConfiguration current, FunctionConfiguration updated, CancellationToken cancellationToken)
    {
        var saved = updated with { RevisionId = NewRevision(), LastModified = time.GetUtcNow() };
        if (!await store.UpdateAsync(saved, current.RevisionId, cancellationToken))
        {
            throw ChangedMeanwhile(current.Name);
        }

        // A change made while the code was being prepared carries the preparing state: prepare the new revision
        // too (the code is unpacked by now or soon, so this is quick), or it would stay Pending.
        if (FunctionActivation.IsPreparing(saved))
        {
            _ = activation.StartAsync(saved);
        }

        return saved;
    }

    private IEnumerable<string> BudgetProblems(FunctionConfiguration function)
    {
        if (function.MemoryMb > worker.MemoryBudgetMb)
        {
            yield return $"MemorySize {function.MemoryMb} is more than this Kumo node gives all its sandboxes together " +
                $"({worker.MemoryBudgetMb} MB); use less, or raise --memory-budget";
        }
    }

    private static IEnumerable<string> TagProblems(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count > MaxTags)
        {
            yield return $"the function would have {tags.Count} tags; the limit is {MaxTags}";
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"tag key '{key}' is not valid: use 1 to 128 characters, not starting with aws:";
            }

            if (value.Length > 256)
            {
                yield return $"the value of tag '{key}' is {value.Length} characters long; the limit is 256";
            }
        }
    }

    private static void ThrowIfAny(IEnumerable<string> problems)
    {
        var all = problems.ToList();
        if (all.Count > 0)
        {
            throw Invalid(string.Join("; ", all));
        }
    }

    private static string NewRevision() => Guid.NewGuid().ToString();

    private static FunctionRequestException Invalid(string message) => new(FunctionErrorKind.InvalidParameter, message);

    private static FunctionRequestException Conflict(string message) => new(FunctionErrorKind.Conflict, message);

    private FunctionRequestException NotFound(string name) => new(FunctionErrorKind.NotFound, $"Function not found: {region.FunctionArn(name)}");

    private static FunctionRequestException ChangedMeanwhile(string name) =>
        Conflict($"The function {name} was changed by another request while this one ran; get it again and retry.");
}
