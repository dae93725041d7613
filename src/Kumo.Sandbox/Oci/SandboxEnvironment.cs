using System.Globalization;
using Kumo.Sandbox.Runtimes;

namespace Kumo.Sandbox.Oci;

/// <summary>
/// The environment of a sandbox's runtime, in two parts: what does not depend on the function (a stem cell starts
/// with it, before any function is known) and the function's whole environment, which holds the first part with the
/// same values for any function a stem of that runtime and memory size can take.
/// </summary>
internal static class SandboxEnvironment
{
    /// <summary>kumo-init's own variables: it reads them and never passes them on to the runtime.</summary>
    public static readonly IReadOnlyList<string> InitOnly = ["KUMO_RUNTIME_SOCKET", "KUMO_GATEWAY_SOCKET", "KUMO_AWAIT_ROUTE", "KUMO_DRAIN_NONCE"];

    /// <summary>
    /// What a stem cell starts with: the standard variables no function changes, kumo-init's sockets, and, for a
    /// runtime stem, the heap limit of <paramref name="memoryMb"/> (a runtime reads it when it starts). No
    /// <c>_HANDLER</c>: its absence tells a bootstrap that it is a stem.
    /// </summary>
    /// <param name="runtime">The runtime a runtime stem starts; null for a generic stem (kumo-init only).</param>
    /// <param name="memoryMb">The stem's memory size.</param>
    public static Dictionary<string, string> Stem(RuntimeDefinition? runtime, int memoryMb)
    {
        var environment = Standard(memoryMb);
        foreach (var (name, value) in HeapLimit(runtime, memoryMb))
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>
    /// The function's environment: Lambda's standard variables, which the function's own variables cannot replace
    /// (Lambda reserves those names, and Kumo refuses them when a function is created); then the function's own
    /// variables; then what the function may set itself: the endpoints of Kumo's APIs for the AWS SDKs, and the
    /// runtime's heap limit.
    /// </summary>
    public static Dictionary<string, string> Function(SandboxSpec spec, RuntimeDefinition runtime, string logStreamName, SandboxCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(credentials);
        var environment = Standard(spec.MemoryMb);
        environment["AWS_LAMBDA_FUNCTION_NAME"] = spec.FunctionName;
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = spec.Version;
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = $"/aws/lambda/{spec.FunctionName}";
        environment["AWS_LAMBDA_LOG_STREAM_NAME"] = logStreamName;
        environment["AWS_LAMBDA_INITIALIZATION_TYPE"] = spec.InitializationType;
        environment["AWS_REGION"] = spec.Region;
        environment["AWS_DEFAULT_REGION"] = spec.Region;
        environment["_HANDLER"] = spec.Handler;
        environment["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
        environment["AWS_SESSION_TOKEN"] = credentials.SessionToken;
        if (spec.OutboundNetwork)
        {
            environment["KUMO_AWAIT_ROUTE"] = OciConfig.NetworkInterface;
        }

        if (runtime.ExecutionEnvironment is { } executionEnvironment)
        {
            environment["AWS_EXECUTION_ENV"] = executionEnvironment;
        }

        foreach (var (name, value) in spec.Environment)
        {
            environment.TryAdd(name, value);
        }

        // The AWS SDKs call Kumo's S3 and Lambda APIs unless the function points them elsewhere. A function that sets
        // AWS_ENDPOINT_URL itself means every service: then no per-service variable of Kumo's overrides it.
        if (environment.TryAdd("AWS_ENDPOINT_URL", OciConfig.GatewayUrl))
        {
            foreach (var name in OciConfig.ServiceEndpointVariables)
            {
                environment.TryAdd(name, OciConfig.GatewayUrl);
            }
        }

        foreach (var (name, value) in HeapLimit(runtime, spec.MemoryMb))
        {
            environment.TryAdd(name, value);
        }

        return environment;
    }

    /// <summary>The variables as <c>NAME=value</c> lines, as OCI's <c>process.env</c> and execve take them.</summary>
    public static IEnumerable<string> Lines(IEnumerable<KeyValuePair<string, string>> environment) =>
        environment.Select(e => $"{e.Key}={e.Value}");

    private static Dictionary<string, string> Standard(int memoryMb) => new(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin:/opt/bin",
        ["LANG"] = "C.UTF-8",
        ["TZ"] = ":UTC",
        ["LD_LIBRARY_PATH"] = "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib",
        ["LAMBDA_TASK_ROOT"] = "/var/task",
        ["LAMBDA_RUNTIME_DIR"] = "/var/runtime",
        ["AWS_LAMBDA_RUNTIME_API"] = OciConfig.RuntimeApiAddress,
        ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = memoryMb.ToString(CultureInfo.InvariantCulture),
        ["KUMO_RUNTIME_SOCKET"] = OciConfig.RuntimeSocketInSandbox,
        ["KUMO_GATEWAY_SOCKET"] = OciConfig.GatewaySocketInSandbox,
    };

    /// <summary>
    /// Runtimes cannot see the cgroup's memory limit (no /sys in a sandbox): their heaps are told, unless the function
    /// sets the variable itself.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> HeapLimit(RuntimeDefinition? runtime, int memoryMb)
    {
        var memoryBytes = (long)memoryMb * 1024 * 1024;
        if (runtime?.Id.StartsWith("dotnet", StringComparison.Ordinal) == true)
        {
            yield return new("DOTNET_GCHeapHardLimit", "0x" + (memoryBytes * 3 / 4).ToString("x", CultureInfo.InvariantCulture));
        }
        else if (runtime?.Id.StartsWith("nodejs", StringComparison.Ordinal) == true)
        {
            yield return new("NODE_OPTIONS", $"--max-old-space-size={memoryMb * 85 / 100}");
        }
    }
}
