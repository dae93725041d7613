using System.Globalization;

namespace Kumo.Runtime.Dotnet;

/// <summary>What the context object of one invocation reports.</summary>
internal sealed record InvocationContext(NextInvocation Invocation)
{
    public string FunctionName { get; } = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME") ?? "";

    public string FunctionVersion { get; } = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_VERSION") ?? "";

    public int MemoryLimitInMB { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var mb) ? mb : 128;

    public string LogGroupName { get; } = Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_GROUP_NAME") ?? "";

    public string LogStreamName { get; } = Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_STREAM_NAME") ?? "";

    public TimeSpan RemainingTime
    {
        get
        {
            var left = Invocation.Deadline - DateTimeOffset.UtcNow;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }
}
