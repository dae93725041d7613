using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
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
        var command = new Command("invoke", "Invoke a function once and print its result; exits 1 when the function fails")
        {
            name, payload, log, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var body = InvokePayload.Read(parse.GetValue(payload), Environment.CurrentDirectory, out var problem);
            if (body is null)
            {
                console.Fail(problem!);
                return Task.FromResult(ExitCodes.Usage);
            }

            var options = new InvokeOptions(parse.GetValue(name)!, body, parse.GetValue(log), parse.GetValue(json));
            return RunAsync(parse.GetValue(EndpointOption.Instance)!, options, console, cancellationToken);
        });
        return command;
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
                Header(response, "X-Amz-Log-Result") is { } tail ? Decode(tail) : null);
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
