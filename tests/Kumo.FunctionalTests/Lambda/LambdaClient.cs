using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// A real Lambda API client run as a process against the test's server. Operations and waiters are named as
/// in AWS's API (<c>CreateFunction</c>, <c>FunctionActiveV2</c>); each client spells them its own way. Inputs
/// are the API's JSON shapes; a string <c>fileb://PATH</c> stands for the bytes of that file, as in the CLI.
/// </summary>
internal abstract class LambdaClient(LambdaServer server)
{
    public const string AwsCli = "aws-cli";
    public const string Boto3 = "boto3";
    public const string JsSdk = "js-sdk";

    /// <summary>The role every test function gets: Kumo keeps it, as Lambda requires one.</summary>
    public const string Role = "arn:aws:iam::000000000000:role/kumo-tests";

    protected static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static TheoryData<string> All => [AwsCli, Boto3, JsSdk];

    /// <summary>The clients that can send concurrent calls from one process (the aws CLI cannot).</summary>
    public static TheoryData<string> Concurrent => [Boto3, JsSdk];

    protected LambdaServer Server { get; } = server;

    public abstract string Name { get; }

    public static LambdaClient For(string name, LambdaServer server) => name switch
    {
        AwsCli => new AwsCliClient(server),
        Boto3 => new Boto3Client(server),
        JsSdk => new JsSdkClient(server),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such client"),
    };

    /// <summary>Calls one operation and returns its output or its error; a client that crashes fails the test.</summary>
    public abstract Task<ClientResult> CallAsync(string operation, object input);

    /// <summary>Runs one of the client's waiters (<c>FunctionActiveV2</c>, <c>FunctionUpdatedV2</c>) on a function.</summary>
    public abstract Task<ClientResult> WaitAsync(string waiter, string functionName);

    /// <summary>CreateFunction with the package at <paramref name="zip"/> (not checked: a test may expect it to fail).</summary>
    public Task<ClientResult> CreateFunctionAsync(
        string functionName, string runtime, string handler, string zip, int memorySize = 256, IReadOnlyDictionary<string, string>? environment = null)
    {
        var input = new JsonObject
        {
            ["FunctionName"] = functionName,
            ["Runtime"] = runtime,
            ["Handler"] = handler,
            ["Role"] = Role,
            ["Code"] = new JsonObject { ["ZipFile"] = "fileb://" + zip },
            ["MemorySize"] = memorySize,
            ["Timeout"] = 30,
        };
        if (environment is not null)
        {
            input["Environment"] = new JsonObject { ["Variables"] = JsonSerializer.SerializeToNode(environment) };
        }

        return CallAsync("CreateFunction", input);
    }

    /// <summary>Creates <paramref name="function"/> from <paramref name="zip"/> and waits until it is Active.</summary>
    public async Task CreateActiveFunctionAsync(string functionName, TestFunction function, string zip)
    {
        (await CreateFunctionAsync(functionName, function.Runtime, function.Handler, zip)).AssertOk();
        await WaitUntilActiveAsync(functionName);
    }

    public async Task DeleteFunctionAsync(string functionName) =>
        (await CallAsync("DeleteFunction", new JsonObject { ["FunctionName"] = functionName })).AssertOk();

    public Task<ClientResult> InvokeAsync(string functionName, object payload, string? logType = null)
    {
        var input = new JsonObject { ["FunctionName"] = functionName, ["Payload"] = JsonSerializer.Serialize(payload) };
        if (logType is not null)
        {
            input["LogType"] = logType;
        }

        return CallAsync("Invoke", input);
    }

    /// <summary>The names of every function, following ListFunctions' pages (the CLI follows them itself).</summary>
    public async Task<List<string>> ListFunctionNamesAsync()
    {
        var names = new List<string>();
        string? marker = null;
        do
        {
            var page = (await CallAsync("ListFunctions", marker is null ? new JsonObject() : new JsonObject { ["Marker"] = marker })).AssertOk();
            names.AddRange(page.Output.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()!));
            marker = page.OutputString("NextMarker");
        }
        while (!string.IsNullOrEmpty(marker));
        return names;
    }

    public async Task WaitUntilActiveAsync(string functionName) => (await WaitAsync("FunctionActiveV2", functionName)).AssertOk();

    public async Task WaitUntilUpdatedAsync(string functionName) => (await WaitAsync("FunctionUpdatedV2", functionName)).AssertOk();

    /// <summary>The API's name in snake case, as boto3 spells it: <c>FunctionActiveV2</c> → <c>function_active_v2</c>.</summary>
    protected static string Separated(string name, char separator)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(separator);
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    protected static JsonObject ToJson(object input) =>
        input as JsonObject ?? JsonSerializer.SerializeToNode(input)?.AsObject() ?? [];

    /// <summary>
    /// Invokes a function <paramref name="count"/> times at once from one client process and returns the wall
    /// time of the whole burst with each call's outcome.
    /// </summary>
    public virtual Task<InvocationBurst> InvokeManyAsync(string functionName, int count, object payload) =>
        throw new NotSupportedException($"{Name} cannot send concurrent calls from one process");

    /// <summary>Reads the one JSON line a client script prints (see tests/clients/*/).</summary>
    protected JsonElement ScriptLine(string operation, ClientProcess run)
    {
        var line = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (run.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"{Name} {operation}: the client script failed: {Describe(run)}");
        }

        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    protected static string Describe(ClientProcess run) => $"exit {run.ExitCode}; stdout: {run.Stdout.Trim()}; stderr: {run.Stderr.Trim()}";

    protected ClientResult FromScript(string operation, ClientProcess run) => FromScript(operation, ScriptLine(operation, run), Describe(run));

    /// <summary>One call's outcome as the scripts print it: <c>{"ok":…,"status":…,"output"|"error":…}</c>.</summary>
    protected ClientResult FromScript(string operation, JsonElement root, string raw)
    {
        var ok = root.GetProperty("ok").GetBoolean();
        int? status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null;
        if (ok)
        {
            return new ClientResult { Client = Name, Operation = operation, Ok = true, Status = status, Output = root.GetProperty("output").Clone(), Raw = raw };
        }

        var error = root.GetProperty("error");
        var name = error.GetProperty("name").GetString() ?? "";
        bool? modeled = error.TryGetProperty("modeled", out var m) ? m.GetBoolean()
            : error.TryGetProperty("exceptionClasses", out var classes) ? classes.EnumerateArray().Any(c => c.GetString() == name)
            : null;
        return new ClientResult
        {
            Client = Name,
            Operation = operation,
            Ok = false,
            Status = status,
            Error = new ClientError(name, StringOrEmpty(error, "message"), StringOrNull(error, "reason"), modeled),
            Raw = raw,
        };
    }

    /// <summary>Reads what invoke-many prints: <c>{"elapsedMs":…,"results":[…]}</c>.</summary>
    protected InvocationBurst BurstFromScript(ClientProcess run)
    {
        var root = ScriptLine("Invoke (burst)", run);
        var results = root.GetProperty("results").EnumerateArray()
            .Select((result, index) => FromScript($"Invoke #{index + 1} of the burst", result, result.GetRawText()))
            .ToList();
        return new InvocationBurst(TimeSpan.FromMilliseconds(root.GetProperty("elapsedMs").GetDouble()), results);
    }

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string StringOrEmpty(JsonElement element, string name) => StringOrNull(element, name) ?? "";
}
