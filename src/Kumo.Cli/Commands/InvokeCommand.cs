using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Cli.Invoke;

namespace Kumo.Cli.Commands;

/// <summary><c>kumo invoke NAME</c>: runs a function once through the Lambda API and prints its result.</summary>
internal static class InvokeCommand
{
    // A function may run for up to 900 s; the request waits for it, and a little longer.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(960);

    public static Command Create(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The function's name or ARN" };
        var payload = new Option<string?>("--payload")
        {
            Description = $"The event: JSON, or @FILE to read it from a file [default: {InvokePayload.Empty}]",
            HelpName = "JSON|@FILE",
        };
        var log = new Option<bool>("--log") { Description = "Print the tail of the invocation's log to standard error" };
        var json = new Option<bool>("--json") { Description = "Print the whole answer as JSON: status, version, error, log and payload" };
        var queue = new Option<bool>("--async")
        {
            Description = "Queue the event and print its request id at once; the function runs later, with retries ('kumo invocations get ID' shows the result)",
        };
        var key = new Option<string?>("--idempotency-key")
        {
            Description = "Send this Idempotency-Key: a repeat within 24 h gets the first request's id (and result) and runs nothing",
            HelpName = "KEY",
        };
        var command = new Command("invoke", "Invoke a function once and print its result; exits 1 when the function fails")
        {
            name, payload, log, json, queue, key,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var body = InvokePayload.Read(parse.GetValue(payload), Environment.CurrentDirectory, out var problem);
            if (body is null)
            {
                console.Fail(problem!);
                return Task.FromResult(ExitCodes.Usage);
            }

            var options = new InvokeOptions(parse.GetValue(name)!, body, parse.GetValue(log), parse.GetValue(json))
            {
                Async = parse.GetValue(queue),
                IdempotencyKey = parse.GetValue(key),
            };
            if (Refusal(options) is { } refusal)
            {
                console.Fail(refusal);
                return Task.FromResult(ExitCodes.Usage);
            }

            return options.Async
                ? EnqueueAsync(parse.GetValue(EndpointOption.Instance)!, options, console, cancellationToken)
                : RunAsync(parse.GetValue(EndpointOption.Instance)!, options, console, cancellationToken);
        });
        return command;
    }

    private static string? Refusal(InvokeOptions options) => options switch
    {
        { Async: true, ShowLog: true } => "--log shows the log of a synchronous invoke; with --async, see it later with 'kumo logs NAME --request-id ID'.",
        { IdempotencyKey: { Length: 0 or > NativeApi.MaxIdempotencyKeyLength } } =>
            $"--idempotency-key must be 1 to {NativeApi.MaxIdempotencyKeyLength} characters.",
        _ => null,
    };

    /// <summary><c>--async</c>: queues the event through the native API and prints its request id.</summary>
    internal static async Task<int> EnqueueAsync(string endpointText, InvokeOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var headers = options.IdempotencyKey is { } key
            ? new Dictionary<string, string> { [NativeApi.IdempotencyKeyHeader] = key }
            : [];
        var path = $"{NativeApi.FunctionsPath}/{Uri.EscapeDataString(NameOf(options.FunctionName))}{NativeApi.EventsSuffix}";
        var answer = await client.PostBytesAsync(path, options.Payload, headers, KumoJsonContext.Default.EventAccepted, cancellationToken);
        if (answer.Value is not { } accepted)
        {
            return answer.ExitCode;
        }

        var output = console.Out.Profile.Out.Writer;
        output.WriteLine(options.AsJson
            ? System.Text.Json.JsonSerializer.Serialize(accepted, KumoJsonContext.Default.EventAccepted)
            : accepted.RequestId);
        output.Flush();
        console.Error.WriteLine(accepted.Repeated
            ? $"An earlier request with this key holds request id {accepted.RequestId}; nothing new was queued. See it with 'kumo invocations get {accepted.RequestId}'."
            : $"Queued. See the result with 'kumo invocations get {accepted.RequestId}'.");
        return ExitCodes.Success;
    }

    /// <summary>The function's name, also when given as an ARN (<c>arn:aws:lambda:REGION:ACCOUNT:function:NAME</c>).</summary>
    private static string NameOf(string nameOrArn)
    {
        var parts = nameOrArn.Split(':');
        return parts is ["arn", _, "lambda", _, _, "function", var name, ..] ? name : nameOrArn;
    }

    internal static async Task<int> RunAsync(string endpointText, InvokeOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOption.Parse(endpointText, out var problem);
        if (endpoint is null)
        {
            console.Fail(problem!);
            return ExitCodes.Usage;
        }

        var path = $"2015-03-31/functions/{Uri.EscapeDataString(options.FunctionName)}/invocations";
        var what = $"POST /{path}";
        InvokeAnswer answer;
        try
        {
            using var http = new HttpClient { BaseAddress = endpoint, Timeout = RequestTimeout };
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(options.Payload) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Amz-Log-Type", "Tail");
            if (options.IdempotencyKey is { } key)
            {
                request.Headers.Add(NativeApi.IdempotencyKeyHeader, key);
            }

            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                console.Fail(await LambdaErrorText.ReadAsync(response, what, endpoint, cancellationToken));
                return ExitCodes.Failure;
            }

            answer = new InvokeAnswer(
                (int)response.StatusCode,
                await response.Content.ReadAsByteArrayAsync(cancellationToken),
                Header(response, "X-Amz-Function-Error"),
                Header(response, "X-Amz-Executed-Version"),
                Header(response, "X-Amz-Log-Result") is { } tail ? Decode(tail) : null)
            {
                RequestId = Header(response, "x-amzn-RequestId"),
                Replayed = Header(response, NativeApi.ReplayedHeader) == "true",
            };
        }
        catch (HttpRequestException e)
        {
            console.Fail(NativeApiClient.Unreachable(endpoint, e.Message));
            return ExitCodes.Failure;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            console.Fail($"the server at {endpoint} did not answer {what} within {RequestTimeout.TotalSeconds:0} s.");
            return ExitCodes.Failure;
        }

        Print(answer, options, console);
        if (answer.Replayed)
        {
            console.Error.WriteLine(
                $"This is the answer of request {answer.RequestId}, sent earlier with this key; the function did not run again.");
        }

        if (answer.FunctionError is null)
        {
            return ExitCodes.Success;
        }

        console.Fail(answer.ErrorSummary(options.FunctionName));
        return ExitCodes.Failure;
    }

    private static void Print(InvokeAnswer answer, InvokeOptions options, CliConsole console)
    {
        var output = console.Out.Profile.Out.Writer;
        if (options.AsJson)
        {
            output.WriteLine(answer.ToJson());
        }
        else
        {
            output.WriteLine(answer.PayloadText.TrimEnd('\n'));
        }

        output.Flush();
        if (options.ShowLog && answer.Log is { } log)
        {
            console.Error.Write(log.EndsWith('\n') ? log : log + "\n");
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return base64;
        }
    }
}
