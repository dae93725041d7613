using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Core.Functions;

namespace Kumo.Invocation.Events;

/// <summary>The control plane of functions' asynchronous settings, checked as Lambda checks them.</summary>
internal sealed class EventInvokeConfigs(
    IEventInvokeConfigStore store,
    IFunctionStore functions,
    PlatformRegion region,
    TimeProvider time) : IEventInvokeConfigs
{
    private const string Latest = "$LATEST";

    public Task<EventInvokeConfig> PutAsync(string tenantId, string functionName, string? qualifier, EventInvokeConfigChange change, CancellationToken cancellationToken) =>
        SaveAsync(tenantId, functionName, qualifier, change, merge: false, cancellationToken);

    public Task<EventInvokeConfig> UpdateAsync(string tenantId, string functionName, string? qualifier, EventInvokeConfigChange change, CancellationToken cancellationToken) =>
        SaveAsync(tenantId, functionName, qualifier, change, merge: true, cancellationToken);

    public async Task<EventInvokeConfig> GetAsync(string tenantId, string functionName, string? qualifier, CancellationToken cancellationToken)
    {
        await RequireFunctionAsync(tenantId, functionName, qualifier, cancellationToken);
        return await store.GetAsync(tenantId, functionName, Latest, cancellationToken) ?? throw Missing(functionName);
    }

    public async Task DeleteAsync(string tenantId, string functionName, string? qualifier, CancellationToken cancellationToken)
    {
        await RequireFunctionAsync(tenantId, functionName, qualifier, cancellationToken);
        if (!await store.DeleteAsync(tenantId, functionName, Latest, cancellationToken))
        {
            throw Missing(functionName);
        }
    }

    public async Task<IReadOnlyList<EventInvokeConfig>> ListAsync(string tenantId, string functionName, CancellationToken cancellationToken)
    {
        await RequireFunctionAsync(tenantId, functionName, null, cancellationToken);
        return await store.ListAsync(tenantId, functionName, cancellationToken);
    }

    private async Task<EventInvokeConfig> SaveAsync(
        string tenantId, string functionName, string? qualifier, EventInvokeConfigChange change, bool merge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await RequireFunctionAsync(tenantId, functionName, qualifier, cancellationToken);
        var problems = new List<string>();
        if (change.MaximumRetryAttempts is < 0 or > 2)
        {
            problems.Add($"MaximumRetryAttempts {change.MaximumRetryAttempts} is out of range: use 0 to 2");
        }

        if (change.MaximumEventAgeInSeconds is < 60 or > 21600)
        {
            problems.Add($"MaximumEventAgeInSeconds {change.MaximumEventAgeInSeconds} is out of range: use 60 to 21600");
        }

        AddDestinationProblem("OnSuccess", change.OnSuccessDestination, problems);
        AddDestinationProblem("OnFailure", change.OnFailureDestination, problems);
        if (problems.Count > 0)
        {
            throw new FunctionRequestException(FunctionErrorKind.InvalidParameter, string.Join("; ", problems));
        }

        var current = merge ? await store.GetAsync(tenantId, functionName, Latest, cancellationToken) : null;
        var config = new EventInvokeConfig
        {
            TenantId = tenantId,
            FunctionName = functionName,
            Qualifier = Latest,
            MaximumRetryAttempts = change.MaximumRetryAttempts ?? current?.MaximumRetryAttempts,
            MaximumEventAgeInSeconds = change.MaximumEventAgeInSeconds ?? current?.MaximumEventAgeInSeconds,
            OnSuccessDestination = Destination(change.OnSuccessDestination, current?.OnSuccessDestination),
            OnFailureDestination = Destination(change.OnFailureDestination, current?.OnFailureDestination),
            LastModified = time.GetUtcNow(),
        };
        await store.PutAsync(config, cancellationToken);
        return config;
    }

    /// <summary>A destination given as "" is removed; one not given stays as it was.</summary>
    private static string? Destination(string? given, string? current) => given switch
    {
        null => current,
        "" => null,
        _ => given,
    };

    private void AddDestinationProblem(string which, string? arn, List<string> problems)
    {
        if (string.IsNullOrEmpty(arn))
        {
            return;
        }

        var prefix = $"arn:aws:lambda:{region.Region}:{region.AccountId}:function:";
        if (arn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal) || arn.StartsWith("arn:aws:sns:", StringComparison.Ordinal)
            || arn.StartsWith("arn:aws:events:", StringComparison.Ordinal))
        {
            problems.Add($"{which} destination {arn}: only functions can be destinations until Kumo has queues; use {prefix}NAME");
        }
        else if (!arn.StartsWith(prefix, StringComparison.Ordinal) || FunctionRules.NameProblem(NameOf(arn, prefix)) is not null)
        {
            problems.Add($"{which} destination '{arn}' is not a function ARN of this platform: use {prefix}NAME");
        }
    }

    /// <summary>The function name in a destination ARN (a trailing <c>:$LATEST</c> is allowed).</summary>
    internal static string NameOf(string arn, string prefix)
    {
        var rest = arn[prefix.Length..];
        return rest.EndsWith(":" + Latest, StringComparison.Ordinal) ? rest[..^(Latest.Length + 1)] : rest;
    }

    private async Task RequireFunctionAsync(string tenantId, string functionName, string? qualifier, CancellationToken cancellationToken)
    {
        if (qualifier is not (null or Latest) || await functions.GetAsync(tenantId, functionName, cancellationToken) is null)
        {
            var arn = region.FunctionArn(functionName) + (qualifier is null ? "" : ":" + qualifier);
            throw new FunctionRequestException(FunctionErrorKind.NotFound, $"Function not found: {arn}");
        }
    }

    private FunctionRequestException Missing(string functionName) =>
        new(FunctionErrorKind.NotFound, $"The function {region.FunctionArn(functionName)} doesn't have an EventInvokeConfig");
}
