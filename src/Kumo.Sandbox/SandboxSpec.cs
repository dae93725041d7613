namespace Kumo.Sandbox;

/// <summary>Everything a sandbox needs to run one version of one function.</summary>
public sealed record SandboxSpec
{
    /// <summary>The function's name, as <c>AWS_LAMBDA_FUNCTION_NAME</c>.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The version, as <c>AWS_LAMBDA_FUNCTION_VERSION</c>.</summary>
    public string Version { get; init; } = "$LATEST";

    /// <summary>The function's ARN, sent with every invocation.</summary>
    public required string FunctionArn { get; init; }

    /// <summary>The Lambda runtime identifier, such as <c>python3.11</c> or <c>provided.al2023</c>.</summary>
    public required string Runtime { get; init; }

    /// <summary>The handler, as <c>_HANDLER</c>: <c>file.function</c>, <c>Assembly::Type::Method</c>, or anything a custom runtime reads.</summary>
    public required string Handler { get; init; }

    /// <summary>The host directory that holds the function's code, mounted read-only at <c>/var/task</c>.</summary>
    public required string CodeDirectory { get; init; }

    /// <summary>Memory in MB, 128–10240: the sandbox's memory limit, and its share of CPU.</summary>
    public int MemoryMb { get; init; } = 128;

    /// <summary>How long one invocation may run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The size of <c>/tmp</c> in MB, 512–10240.</summary>
    public int EphemeralStorageMb { get; init; } = 512;

    /// <summary>The function's own environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the function may open connections beyond the sandbox (off by default: loopback only). When on,
    /// a user-mode network stack (slirp4netns) gives the sandbox a route out; the host's own loopback stays out of reach.
    /// </summary>
    public bool OutboundNetwork { get; init; }

    /// <summary>The region the function reports, as <c>AWS_REGION</c>.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>
    /// How the sandbox came to be, as <c>AWS_LAMBDA_INITIALIZATION_TYPE</c>: <c>on-demand</c>, or
    /// <c>provisioned-concurrency</c> for a sandbox kept ready by a provisioned concurrency setting.
    /// </summary>
    public string InitializationType { get; init; } = "on-demand";

    /// <summary>Every way this spec falls outside Lambda's limits, as sentences; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MemoryMb is < 128 or > 10240)
        {
            problems.Add($"memory must be from 128 to 10240 MB, not {MemoryMb}");
        }

        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromSeconds(900))
        {
            problems.Add($"timeout must be from 1 to 900 seconds, not {Timeout.TotalSeconds}");
        }

        if (EphemeralStorageMb is < 512 or > 10240)
        {
            problems.Add($"ephemeral storage must be from 512 to 10240 MB, not {EphemeralStorageMb}");
        }

        if (string.IsNullOrWhiteSpace(FunctionName))
        {
            problems.Add("the function needs a name");
        }

        return problems;
    }
}
