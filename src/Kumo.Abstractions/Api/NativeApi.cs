namespace Kumo.Abstractions.Api;

/// <summary>The paths and limits of Kumo's native API for functions, invocations and logs, shared by the server and the CLI.</summary>
public static class NativeApi
{
    /// <summary><c>GET</c>: one page of functions (<see cref="FunctionList"/>).</summary>
    public const string FunctionsPath = "/_kumo/v1/functions";

    /// <summary><c>POST</c> under <see cref="FunctionsPath"/><c>/{name}</c>: runs the function and answers with its result.</summary>
    public const string InvokeSuffix = "/invoke";

    /// <summary><c>POST</c> under <see cref="FunctionsPath"/><c>/{name}</c>: queues an asynchronous invocation (<see cref="EventAccepted"/>).</summary>
    public const string EventsSuffix = "/events";

    /// <summary>The request header that makes a repeat within the window return the first request's id and result.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The longest idempotency key.</summary>
    public const int MaxIdempotencyKeyLength = 256;

    /// <summary>Answer header: <c>true</c> when the answer is an earlier request's (same idempotency key) and nothing ran again.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Answer header of the native invoke: the invocation's request id.</summary>
    public const string RequestIdHeader = "Kumo-Request-Id";

    /// <summary>Answer header of the native invoke: <c>Unhandled</c> when the function failed; absent on success.</summary>
    public const string FunctionErrorHeader = "Kumo-Function-Error";

    /// <summary>
    /// Under <see cref="FunctionsPath"/><c>/{name}</c>: <c>GET</c> shows the function's own keep-alive setting
    /// (<see cref="KeepAliveEntry"/>), <c>PUT</c> replaces it (<see cref="KeepAliveRequest"/>).
    /// </summary>
    public const string KeepAliveSuffix = "/keep-alive";

    /// <summary><c>GET</c>: invocation records, newest first (<see cref="InvocationList"/>); <c>/{requestId}</c> for one (<see cref="InvocationDetail"/>).</summary>
    public const string InvocationsPath = "/_kumo/v1/invocations";

    /// <summary><c>GET</c>: dead letters (<see cref="EventList"/>); <c>POST …/redrive</c> sends them back (<see cref="RedriveRequest"/>).</summary>
    public const string DeadLettersPath = "/_kumo/v1/dlq";

    /// <summary><c>GET</c>: the buckets of Kumo's S3-compatible object storage (<see cref="BucketList"/>).</summary>
    public const string BucketsPath = "/_kumo/v1/buckets";

    /// <summary><c>GET</c>: log lines, oldest first (<see cref="LogPage"/>).</summary>
    public const string LogsPath = "/_kumo/v1/logs";

    /// <summary>
    /// <c>GET</c>: the routes of apps' HTTP APIs (<see cref="RouteList"/>); <c>POST</c> adds one (<see cref="RouteRequest"/>);
    /// <c>DELETE …/{id}</c> removes one.
    /// </summary>
    public const string RoutesPath = "/_kumo/v1/routes";

    /// <summary>
    /// <c>GET</c>: apps with routes or settings (<see cref="AppList"/>); <c>GET</c>, <c>PUT</c> (<see cref="AppRequest"/>)
    /// and <c>DELETE …/{app}</c> for one app's settings (<see cref="AppEntry"/>).
    /// </summary>
    public const string AppsPath = "/_kumo/v1/apps";

    /// <summary>
    /// Under <see cref="AppsPath"/><c>/{app}</c>: <c>GET</c> lists the app's API keys (<see cref="ApiKeyList"/>), <c>POST</c> makes
    /// one (<see cref="ApiKeyRequest"/>, <see cref="ApiKeyCreated"/>), <c>DELETE …/{id}</c> removes one.
    /// </summary>
    public const string KeysSuffix = "/keys";

    /// <summary>The most functions on one page, and the page size when none is asked for.</summary>
    public const int MaxFunctionLimit = 10000;

    /// <summary>The page size of the function list when none is asked for.</summary>
    public const int DefaultFunctionLimit = 50;

    /// <summary>The most invocation records in one answer.</summary>
    public const int MaxInvocationLimit = 1000;

    /// <summary>How many invocation records an answer holds when no limit is asked for.</summary>
    public const int DefaultInvocationLimit = 100;

    /// <summary>The most log lines in one answer.</summary>
    public const int MaxLogLimit = 10000;

    /// <summary>How many log lines an answer holds when no limit is asked for.</summary>
    public const int DefaultLogLimit = 1000;
}
