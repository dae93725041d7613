using System.Text.Json.Serialization;
using Amazon.Lambda.Core;

namespace Echo;

public sealed record EchoRequest(string? Message);

public sealed record EchoResponse(
    [property: JsonPropertyName("runtime")] string Runtime,
    [property: JsonPropertyName("marker")] string Marker,
    [property: JsonPropertyName("echo")] string? Echo,
    [property: JsonPropertyName("greeting")] string? Greeting,
    [property: JsonPropertyName("functionName")] string FunctionName,
    [property: JsonPropertyName("memory")] int Memory);

public sealed class Function
{
    public static async Task<EchoResponse> HandleAsync(EchoRequest request, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        // The tests write marker.txt into each package they upload: it tells one upload from the next.
        var taskRoot = Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT") ?? AppContext.BaseDirectory;
        var marker = (await File.ReadAllTextAsync(Path.Combine(taskRoot, "marker.txt"))).Trim();
        context.Logger.LogLine($"echo {request.Message} with marker {marker}");
        return new EchoResponse("dotnet", marker, request.Message, Environment.GetEnvironmentVariable("GREETING"), context.FunctionName, context.MemoryLimitInMB);
    }
}
