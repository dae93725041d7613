namespace Kumo.Gateway.Lambda.Invoke;

/// <summary>Lambda's <c>X-Amz-Invocation-Type</c>.</summary>
internal enum InvocationType
{
    /// <summary>Run and wait for the result (the default).</summary>
    RequestResponse,

    /// <summary>Queue and answer at once; not supported yet.</summary>
    Event,

    /// <summary>Check the request and that the function exists; run nothing.</summary>
    DryRun,
}
