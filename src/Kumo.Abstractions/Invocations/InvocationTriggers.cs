namespace Kumo.Abstractions.Invocations;

/// <summary>The names of what can start an invocation, as stored in <see cref="InvocationRecord.Trigger"/>.</summary>
public static class InvocationTriggers
{
    /// <summary>A direct call: the Lambda API's <c>Invoke</c>, the native API or the CLI.</summary>
    public const string Api = "api";

    /// <summary>An HTTP route or function URL.</summary>
    public const string Http = "http";

    /// <summary>An asynchronous invocation from the queue.</summary>
    public const string Async = "async";

    /// <summary>A schedule.</summary>
    public const string Schedule = "schedule";

    /// <summary>A bucket's event notification (an object was created or removed), run asynchronously from the queue.</summary>
    public const string S3 = "s3";
}
