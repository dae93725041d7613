using BenchAot;

// A custom runtime compiled ahead of time: the Lambda Runtime API loop at AWS_LAMBDA_RUNTIME_API, one event at a
// time, each answered with {"entered": ms since the epoch} when it reached the handler. Without the variable (the
// benchmark's bare baseline) the same answers go to stdout for the lines read from stdin.
var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (string.IsNullOrEmpty(api))
{
    while (Console.ReadLine() is { } line)
    {
        Console.Out.Write(Handler.Handle(System.Text.Encoding.UTF8.GetBytes(line)) + "\n");
        Console.Out.Flush();
    }

    return 0;
}

using var client = RuntimeApiClient.Connect(api);
while (true)
{
    var (requestId, body) = client.Next();
    client.Respond(requestId, Handler.Handle(body));
}
