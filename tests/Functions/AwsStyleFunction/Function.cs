using System.Text.Json;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(AwsStyle.CamelCaseSerializer))]

namespace AwsStyle;

public sealed record Order(string OrderId, int Quantity);

public sealed record Receipt(string OrderId, string RequestId, string FunctionName, int MemoryLimitInMb, bool HasTimeLeft, string? IdentityId);

public sealed class Function
{
    private readonly DateTime _createdAt = DateTime.UtcNow;

    public async Task<Receipt> HandleAsync(Order order, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(context);
        context.Logger.LogLine($"processing {order.OrderId} x{order.Quantity} since {_createdAt:O}");
        await Task.Yield();
        return new Receipt(order.OrderId, context.AwsRequestId, context.FunctionName, context.MemoryLimitInMB, context.RemainingTime > TimeSpan.Zero, context.Identity?.IdentityId);
    }

    public static string Reject(Order order) =>
        throw new InvalidOperationException($"order {order?.OrderId} rejected", new ArgumentException("quantity must be positive"));

    public static void Nothing(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
    }

    public static Stream Echo(Stream input) => input;

    /// <summary>The trace header of the invocation, as the AWS SDK for .NET reads it to send X-Amzn-Trace-Id.</summary>
    public static string TraceId() => Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID") ?? "none";

    public static string Overloaded(Order order) => order?.OrderId ?? "";

    public static string Overloaded(Order order, ILambdaContext context) => order?.OrderId + context?.AwsRequestId;

    public static async Task<string> SleepAsync()
    {
        await Task.Delay(Timeout.Infinite);
        return "never";
    }

    public static int Hog()
    {
        var blocks = new List<byte[]>();
        while (true)
        {
            var block = new byte[16 * 1024 * 1024];
            Array.Fill(block, (byte)1);
            blocks.Add(block);
        }
    }
}

/// <summary>The function's own ILambdaSerializer: camelCase JSON, as Amazon.Lambda.Serialization packages do.</summary>
public sealed class CamelCaseSerializer : ILambdaSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public T Deserialize<T>(Stream requestStream) => JsonSerializer.Deserialize<T>(requestStream, Options)!;

    public void Serialize<T>(T response, Stream responseStream) => JsonSerializer.Serialize(responseStream, response, Options);
}
