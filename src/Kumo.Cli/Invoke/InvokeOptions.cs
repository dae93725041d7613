namespace Kumo.Cli.Invoke;

/// <summary>What <c>kumo invoke</c> was asked to do, once its command line is read.</summary>
/// <param name="FunctionName">The function's name or ARN.</param>
/// <param name="Payload">The event, already checked to be JSON.</param>
/// <param name="ShowLog">Print the log tail to standard error.</param>
/// <param name="AsJson">Print the whole answer as JSON.</param>
internal sealed record InvokeOptions(string FunctionName, byte[] Payload, bool ShowLog, bool AsJson)
{
    /// <summary>Queue the event (<c>--async</c>) instead of waiting for the result.</summary>
    public bool Async { get; init; }

    /// <summary>The <c>Idempotency-Key</c> to send (<c>--idempotency-key</c>), if any.</summary>
    public string? IdempotencyKey { get; init; }
}
