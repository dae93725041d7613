using System.Text;
using System.Text.RegularExpressions;
using Kumo.Abstractions.Functions;

namespace Kumo.Core.Functions;

/// <summary>What a function's name and settings may be, as on Lambda. Every problem is collected, as sentences.</summary>
public static partial class FunctionRules
{
    /// <summary>Lambda's limit on the environment: 4 KB of keys and values together.</summary>
    public const int MaxEnvironmentBytes = 4096;

    private static readonly HashSet<string> ReservedVariables = new(StringComparer.Ordinal)
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    };

    /// <summary>Why <paramref name="name"/> cannot name a function, or null when it can.</summary>
    public static string? NameProblem(string? name) =>
        name is null || !NamePattern().IsMatch(name)
            ? $"function name '{name}' is not valid: use 1 to 64 letters, digits, hyphens and underscores"
            : null;

    /// <summary>Every way <paramref name="function"/>'s settings break Lambda's rules.</summary>
    /// <param name="function">The function as it would be stored.</param>
    /// <param name="runtimes">The runtime identifiers this platform runs.</param>
    public static IReadOnlyList<string> Problems(FunctionConfiguration function, IReadOnlyCollection<string> runtimes)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(runtimes);
        var problems = new List<string>();
        if (NameProblem(function.Name) is { } name)
        {
            problems.Add(name);
        }

        if (!runtimes.Contains(function.Runtime))
        {
            problems.Add($"runtime '{function.Runtime}' is not supported; use one of {string.Join(", ", runtimes.Order(StringComparer.Ordinal))}");
        }

        if (string.IsNullOrWhiteSpace(function.Handler) || function.Handler.Length > 128)
        {
            problems.Add($"handler '{function.Handler}' is not valid: give 1 to 128 characters, such as index.handler");
        }

        if (function.MemoryMb is < 128 or > 10240)
        {
            problems.Add($"MemorySize {function.MemoryMb} is out of range: use 128 to 10240 (MB)");
        }

        if (function.TimeoutSeconds is < 1 or > 900)
        {
            problems.Add($"Timeout {function.TimeoutSeconds} is out of range: use 1 to 900 (seconds)");
        }

        if (function.EphemeralStorageMb is < 512 or > 10240)
        {
            problems.Add($"EphemeralStorage size {function.EphemeralStorageMb} is out of range: use 512 to 10240 (MB)");
        }

        if (function.Description.Length > 256)
        {
            problems.Add($"Description is {function.Description.Length} characters long; the limit is 256");
        }

        if (function.Role is { Length: > 0 } role && !RolePattern().IsMatch(role))
        {
            problems.Add($"Role '{role}' is not a role ARN: use arn:aws:iam::123456789012:role/NAME");
        }

        AddEnvironmentProblems(function.Environment, problems);
        return problems;
    }

    private static void AddEnvironmentProblems(IReadOnlyDictionary<string, string> environment, List<string> problems)
    {
        var bytes = 0;
        foreach (var (key, value) in environment)
        {
            bytes += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
            if (!VariablePattern().IsMatch(key))
            {
                problems.Add($"environment variable name '{key}' is not valid: start with a letter, then letters, digits and underscores");
            }
            else if (ReservedVariables.Contains(key))
            {
                problems.Add($"environment variable '{key}' is reserved by the runtime; choose another name");
            }
        }

        if (bytes > MaxEnvironmentBytes)
        {
            problems.Add($"the environment variables take {bytes} bytes; the limit is {MaxEnvironmentBytes} bytes (keys and values together)");
        }
    }

    [GeneratedRegex(@"^[a-zA-Z0-9_-]{1,64}\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9_]*\z")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-/]+\z")]
    private static partial Regex RolePattern();
}
