namespace Kumo.Gateway.Lambda.Invoke;

/// <summary>Lambda's <c>X-Amz-Invocation-Type</c>.</summary>
internal enum InvocationType
{
    /// <summary>Run and wait for the result (the default).</summary>
    RequestResponse,

    /// <summary>Queue durably and answer 202 at once; the function runs later, at least once.</summary>
    Event,

    /// <summary>Check the request and that the function exists; run nothing.</summary>
    DryRun,
}
