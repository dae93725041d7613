using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// The aws CLI (Debian's awscli) as a user types it: <c>aws lambda create-function … --zip-file fileb://…</c>,
/// <c>aws lambda invoke … out.json</c>, <c>aws lambda wait function-active-v2</c>; other inputs go in
/// <c>--cli-input-json</c>. It prints no HTTP status, and names an error only by its code.
/// </summary>
internal sealed partial class AwsCliClient(LambdaServer server) : LambdaClient(server)
{
    public override string Name => AwsCli;

    public override async Task<ClientResult> CallAsync(string operation, object input)
    {
        var json = ToJson(input);
        List<string> arguments = ["lambda", Separated(operation, '-')];
        string? outfile = null;
        switch (operation)
        {
            case "CreateFunction" when json["Code"] is JsonObject code && TakeFile(code, "ZipFile") is { } zip:
                arguments.AddRange(["--zip-file", zip]);
                if (code.Count == 0)
                {
                    json.Remove("Code");
                }

                break;
            case "UpdateFunctionCode" when TakeFile(json, "ZipFile") is { } zip:
                arguments.AddRange(["--zip-file", zip]);
                break;
            case "Invoke":
                // invoke takes its outfile as a positional argument, and then insists on its options as flags.
                if (json["Payload"] is JsonValue payload)
                {
                    json.Remove("Payload");
                    arguments.AddRange(["--payload", payload.GetValue<string>(), "--cli-binary-format", "raw-in-base64-out"]);
                }

                foreach (var (key, value) in json.ToList())
                {
                    json.Remove(key);
                    arguments.AddRange(["--" + Separated(key, '-'), value!.GetValue<string>()]);
                }

                outfile = Path.Combine(Server.Temp.Path, $"invoke-{Guid.NewGuid():N}.out");
                break;
        }

        if (json.Count > 0)
        {
            arguments.AddRange(["--cli-input-json", json.ToJsonString()]);
        }

        arguments.AddRange(Common);
        if (outfile is not null)
        {
            arguments.Add(outfile);
        }

        var run = await ClientProcess.RunAsync(ClientTools.AwsCli, arguments, Server.ClientEnvironment, Deadline);
        var raw = $"aws {string.Join(' ', arguments)} → exit {run.ExitCode}; stdout: {run.Stdout.Trim()}; stderr: {run.Stderr.Trim()}";
        if (run.ExitCode != 0)
        {
            return Failed(operation, run, raw);
        }

        var output = string.IsNullOrWhiteSpace(run.Stdout) ? [] : JsonNode.Parse(run.Stdout)!.AsObject();
        if (outfile is not null)
        {
            output["Payload"] = File.Exists(outfile) ? await File.ReadAllTextAsync(outfile) : "";
        }

        return new ClientResult { Client = Name, Operation = operation, Ok = true, Output = JsonSerializer.SerializeToElement(output), Raw = raw };
    }

    public override async Task<ClientResult> WaitAsync(string waiter, string functionName)
    {
        List<string> arguments = ["lambda", "wait", Separated(waiter, '-'), "--function-name", functionName, .. Common];
        var run = await ClientProcess.RunAsync(ClientTools.AwsCli, arguments, Server.ClientEnvironment, Deadline);
        var raw = $"aws {string.Join(' ', arguments)} → exit {run.ExitCode}; stdout: {run.Stdout.Trim()}; stderr: {run.Stderr.Trim()}";
        return run.ExitCode == 0
            ? new ClientResult { Client = Name, Operation = $"wait {waiter}", Ok = true, Output = JsonSerializer.SerializeToElement(new { state = "SUCCESS" }), Raw = raw }
            : new ClientResult { Client = Name, Operation = $"wait {waiter}", Ok = false, Error = new ClientError("WaiterError", run.Stderr.Trim(), null, null), Raw = raw };
    }

    private string[] Common => ["--endpoint-url", Server.Endpoint, "--output", "json"];

    private static string? TakeFile(JsonObject json, string name)
    {
        if (json[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith("fileb://", StringComparison.Ordinal))
        {
            json.Remove(name);
            return text;
        }

        return null;
    }

    /// <summary>A service error, from the line the CLI prints: <c>An error occurred (Code) when calling the Op operation: message</c>.</summary>
    private ClientResult Failed(string operation, ClientProcess run, string raw)
    {
        var match = ServiceError().Match(run.Stderr);
        if (!match.Success)
        {
            throw new InvalidOperationException($"aws-cli {operation}: the CLI failed without a service error: {raw}");
        }

        return new ClientResult
        {
            Client = Name,
            Operation = operation,
            Ok = false,
            Error = new ClientError(match.Groups["code"].Value, match.Groups["message"].Value.Trim(), null, null),
            Raw = raw,
        };
    }

    [GeneratedRegex(@"An error occurred \((?<code>[^)]+)\)(?: when calling the \w+ operation)?(?: \(reached max retries: \d+\))?: (?<message>.*)")]
    private static partial Regex ServiceError();
}
