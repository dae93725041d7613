using Kumo.Runtime.Dotnet;

// Kumo's .NET runtime: started by kumo-init as 'dotnet /var/runtime/dotnet/Kumo.Runtime.Dotnet.dll'.
var address = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")
    ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set: this program runs inside a Kumo sandbox");
using var client = new RuntimeApiClient(address);
if (Environment.GetEnvironmentVariable("_HANDLER") is null)
{
    // Started as a stem cell: nothing below may look at the task root before the hand-over.
    await StemCell.SpecializeAsync(client);
}

var taskRoot = Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT") ?? "/var/task";

var name = HandlerName.Parse(Environment.GetEnvironmentVariable("_HANDLER") ?? "", out var problem);
if (name is null)
{
    return await FailInitAsync(new ErrorDocument("Runtime.MalformedHandlerName", problem!, []));
}

if (name.IsExecutable)
{
    return await ExecutableHandler.RunAsync(name, taskRoot, client);
}

ClassLibraryHandler handler;
try
{
    handler = ClassLibraryHandler.Load(name, taskRoot);
}
catch (HandlerLoadException e)
{
    return await FailInitAsync(new ErrorDocument(e.ErrorType, e.Message, []));
}
catch (Exception e)
{
    return await FailInitAsync(ErrorDocument.From(e));
}

while (true)
{
    var invocation = await client.NextAsync();
    if (invocation.TraceId is { } trace)
    {
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", trace);
    }
    else
    {
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", null);
    }

    byte[] response;
    try
    {
        response = await handler.InvokeAsync(invocation);
    }
    catch (Exception e)
    {
        var error = ErrorDocument.From(e);
        Console.WriteLine($"[ERROR] {error}\n{string.Join('\n', error.StackTrace)}");
        await client.FailAsync(invocation.RequestId, error);
        continue;
    }

    await client.RespondAsync(invocation.RequestId, response);
}

async Task<int> FailInitAsync(ErrorDocument error)
{
    Console.WriteLine($"[ERROR] {error}");
    await client.FailInitAsync(error);
    return 1;
}
