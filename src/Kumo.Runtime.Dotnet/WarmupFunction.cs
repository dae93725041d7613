using System.Text;

namespace Kumo.Runtime.Dotnet;

/// <summary>
/// The stand-in a stem cell runs once while it waits for its function, through the machinery a class-library
/// handler uses: <see cref="ClassLibraryHandler"/> with System.Text.Json both ways, a <see cref="ContextProxy"/>
/// (logger and identity included), reflection invoke and an awaited <see cref="Task{TResult}"/>, so that their code
/// is compiled before the function arrives. It lives in this assembly, in the default load context: the function's
/// own <see cref="FunctionLoadContext"/> is made only after the hand-over and holds nothing of it. It writes no output.
/// </summary>
internal sealed class WarmupFunction
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""{"name":"warm-up","count":1,"tags":["a","b"]}""");

    /// <summary>Runs one synthetic invocation; throws if the machinery does not answer as a real invocation would.</summary>
    public static async Task RunOnceAsync()
    {
        var handler = ClassLibraryHandler.For(typeof(WarmupFunction), nameof(HandleAsync));
        var invocation = new NextInvocation(
            "warm-up",
            DateTimeOffset.UtcNow.AddMinutes(1),
            "arn:aws:lambda:us-east-1:000000000000:function:warm-up",
            TraceId: null,
            ClientContext: """{"client":{"installationId":"warm-up"}}""",
            CognitoIdentity: """{"cognitoIdentityId":"warm-up","cognitoIdentityPoolId":"warm-up"}""",
            Payload);
        var response = await handler.InvokeAsync(invocation);
        if (response.Length == 0)
        {
            throw new InvalidOperationException("the warm-up invocation returned nothing");
        }

        _ = ErrorDocument.From(new InvalidOperationException("warm-up")).ToJson();
    }

    public async Task<Answer> HandleAsync(Request request, IContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        _ = context.Logger;
        await Task.Yield();
        return new Answer(request.Name, context.AwsRequestId, context.FunctionName, context.MemoryLimitInMB, context.RemainingTime > TimeSpan.Zero, context.Identity?.IdentityId);
    }

    /// <summary>The stand-in event.</summary>
    internal sealed record Request(string Name, int Count, IReadOnlyList<string> Tags);

    /// <summary>The stand-in result.</summary>
    internal sealed record Answer(string Name, string RequestId, string FunctionName, int MemoryLimitInMb, bool HasTimeLeft, string? IdentityId);

    /// <summary>A context interface as a function declares one (AWS's ILambdaContext), answered by <see cref="ContextProxy"/>.</summary>
    internal interface IContext
    {
        string AwsRequestId { get; }

        string FunctionName { get; }

        int MemoryLimitInMB { get; }

        TimeSpan RemainingTime { get; }

        ILogger Logger { get; }

        IIdentity? Identity { get; }
    }

    /// <summary>A logger interface (AWS's ILambdaLogger).</summary>
    internal interface ILogger
    {
        void LogLine(string message);
    }

    /// <summary>An identity interface (AWS's ICognitoIdentity).</summary>
    internal interface IIdentity
    {
        string IdentityId { get; }
    }
}
