using System.Net;
using System.Text;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Status;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Functions;

/// <summary>Functions end to end inside one server: create, invoke cold then warm, update, throttle, scale out, records and logs.</summary>
[Collection(ServerCollection.Name)]
public sealed class FunctionInvocationTests : IAsyncLifetime
{
    private const string Tenant = Tenants.Default;
    private readonly TempDirectory _data = new();
    private RunningServer _server = null!;

    private IFunctionCatalog Catalog => _server.Services.GetRequiredService<IFunctionCatalog>();

    private IInvoker Invoker => _server.Services.GetRequiredService<IInvoker>();

    private IInvocationStore Records => _server.Services.GetRequiredService<IInvocationStore>();

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(_data, drainSeconds: 5);
        using var http = TestServers.ClientFor(_server);
        await Poll.UntilAsync(async () => (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await SandboxLeaks.AssertNoneAsync(_data.Path);
        _data.Dispose();
    }

    private static byte[] PythonZip(string code) => Zips.Make(("app.py", code, Zips.File(0b110_100_100))).ToArray();

    private async Task<FunctionConfiguration> CreateAsync(string name, string code, FunctionSettings? settings = null) =>
        await Catalog.CreateAsync(Tenant, new FunctionDefinition
        {
            Name = name,
            Runtime = "python3.11",
            Handler = "app.handler",
            ZipFile = PythonZip(code),
            Settings = settings ?? new FunctionSettings(),
        }, CancellationToken.None);

    private Task<InvokeResult> InvokeAsync(string name, string payload = "{}") =>
        Invoker.InvokeAsync(new InvokeRequest { TenantId = Tenant, FunctionName = name, Payload = Encoding.UTF8.GetBytes(payload) }, CancellationToken.None);

    [Fact]
    public async Task Invoke_TwiceInARow_RunsColdThenWarmAndRecordsBothWithLambdaLogLines()
    {
        await CreateAsync("echo", "import os\ndef handler(event, context):\n    print('got', event['x'])\n    return {'x': event['x'], 'pid': os.getpid()}\n");

        var first = await InvokeAsync("echo", """{"x":1}""");
        var second = await InvokeAsync("echo", """{"x":2}""");

        Assert.Equal(InvokeStatus.Completed, first.Status);
        Assert.Null(first.FunctionError);
        Assert.Contains("\"x\": 1", Encoding.UTF8.GetString(first.Payload.Span), StringComparison.Ordinal);
        Assert.Contains("\"x\": 2", Encoding.UTF8.GetString(second.Payload.Span), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^START RequestId: [0-9a-f-]{36} Version: \$LATEST$", first.Log);
        Assert.Contains("got 1", first.Log, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms", first.Log);
        Assert.DoesNotContain("Init Duration", second.Log, StringComparison.Ordinal);

        var records = await Records.ListAsync(new InvocationQuery(Tenant) { FunctionName = "echo" }, CancellationToken.None);
        Assert.Equal([second.RequestId, first.RequestId], records.Select(r => r.RequestId));
        Assert.Equal([false, true], records.Select(r => r.Cold));
        Assert.All(records, r => Assert.Equal(InvocationOutcome.Success, r.Outcome));
        Assert.All(records, r => Assert.True(r.BilledDurationMs >= Math.Ceiling(r.DurationMs) && r.BilledDurationMs >= 1));
        Assert.All(records, r => Assert.True(r.MaxMemoryUsedMb > 0));
        Assert.NotNull(records[1].InitDurationMs);
        var lines = await Records.GetLogsAsync(new LogQuery(Tenant) { RequestId = first.RequestId }, CancellationToken.None);
        Assert.StartsWith("INIT_START", lines[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("END RequestId: " + first.RequestId, lines[^2].Text, StringComparison.Ordinal);
        Assert.StartsWith("REPORT RequestId: " + first.RequestId, lines[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateCode_AfterAWarmRun_NewInvocationsRunTheNewCode()
    {
        var created = await CreateAsync("versioned", "def handler(event, context):\n    return 'one'\n");
        Assert.Equal("\"one\"", Encoding.UTF8.GetString((await InvokeAsync("versioned")).Payload.Span));

        await Catalog.UpdateCodeAsync(Tenant, "versioned", PythonZip("def handler(event, context):\n    return 'two'\n"), created.RevisionId, CancellationToken.None);
        var after = await InvokeAsync("versioned");

        Assert.Equal("\"two\"", Encoding.UTF8.GetString(after.Payload.Span));
        var record = await Records.GetAsync(Tenant, after.RequestId, CancellationToken.None);
        Assert.True(record!.Cold);
    }

    [Fact]
    public async Task UpdateSettings_Environment_TakesEffectForTheNextInvocation()
    {
        await CreateAsync("env", "import os\ndef handler(event, context):\n    return os.environ.get('GREETING', 'none')\n");
        Assert.Equal("\"none\"", Encoding.UTF8.GetString((await InvokeAsync("env")).Payload.Span));

        await Catalog.UpdateSettingsAsync(Tenant, "env", new FunctionSettings { Environment = new Dictionary<string, string> { ["GREETING"] = "hi" } }, CancellationToken.None);

        Assert.Equal("\"hi\"", Encoding.UTF8.GetString((await InvokeAsync("env")).Payload.Span));
    }

    [Fact]
    public async Task SetReservedConcurrency_RightAfterCreate_TheFunctionStillTurnsActive()
    {
        await CreateAsync("eager", "def handler(event, context):\n    return 1\n");

        await Catalog.SetReservedConcurrencyAsync(Tenant, "eager", 5, CancellationToken.None);
        await Catalog.TagAsync(Tenant, "eager", new Dictionary<string, string> { ["team"] = "a" }, CancellationToken.None);

        await Poll.UntilAsync(
            async () => (await Catalog.GetAsync(Tenant, "eager", CancellationToken.None)) is { State: FunctionState.Active, LastUpdateStatus: LastUpdateStatus.Successful },
            "the function to turn Active");
        var function = await Catalog.GetAsync(Tenant, "eager", CancellationToken.None);
        Assert.Equal(5, function!.ReservedConcurrency);
        Assert.Equal("a", function.Tags["team"]);
    }

    [Fact]
    public async Task Tag_BetweenTwoInvocations_KeepsTheSandboxWarm()
    {
        await CreateAsync("tagged", "def handler(event, context):\n    return 1\n");
        await InvokeAsync("tagged");

        await Catalog.TagAsync(Tenant, "tagged", new Dictionary<string, string> { ["team"] = "b" }, CancellationToken.None);
        var second = await InvokeAsync("tagged");

        Assert.False((await Records.GetAsync(Tenant, second.RequestId, CancellationToken.None))!.Cold);
    }

    [Fact]
    public async Task Invoke_ReservedConcurrencyOneAndTwoAtOnce_ThrottlesExactlyOne()
    {
        await CreateAsync("single", "import time\ndef handler(event, context):\n    time.sleep(2)\n    return 'done'\n", new FunctionSettings { TimeoutSeconds = 30 });
        await Catalog.SetReservedConcurrencyAsync(Tenant, "single", 1, CancellationToken.None);

        var results = await Task.WhenAll(InvokeAsync("single"), InvokeAsync("single"));

        Assert.Single(results, r => r.Status == InvokeStatus.Completed);
        var throttled = Assert.Single(results, r => r.Status == InvokeStatus.Throttled);
        Assert.Equal(ThrottleReason.ReservedFunctionConcurrentInvocationLimitExceeded, throttled.ThrottleReason);
        var record = await Records.GetAsync(Tenant, throttled.RequestId, CancellationToken.None);
        Assert.Equal(InvocationOutcome.Throttled, record!.Outcome);
    }

    [Fact]
    public async Task Invoke_TenAtOnce_ScalesOutToTenSandboxes()
    {
        await CreateAsync("wide", "import time, socket\ndef handler(event, context):\n    time.sleep(0.5)\n    return socket.gethostname()\n", new FunctionSettings { TimeoutSeconds = 30 });

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => InvokeAsync("wide")));

        Assert.All(results, r => Assert.Equal(InvokeStatus.Completed, r.Status));
        var records = await Records.ListAsync(new InvocationQuery(Tenant) { FunctionName = "wide" }, CancellationToken.None);
        Assert.Equal(10, records.Count(r => r.Cold));
    }

    [Fact]
    public async Task Invoke_FunctionRaises_CompletesWithUnhandledErrorAndRecordsIt()
    {
        await CreateAsync("fails", "def handler(event, context):\n    raise ValueError('bad input')\n");

        var result = await InvokeAsync("fails");

        Assert.Equal(InvokeStatus.Completed, result.Status);
        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Contains("bad input", Encoding.UTF8.GetString(result.Payload.Span), StringComparison.Ordinal);
        var record = await Records.GetAsync(Tenant, result.RequestId, CancellationToken.None);
        Assert.Equal(InvocationOutcome.FunctionError, record!.Outcome);
        Assert.Equal("bad input", record.ErrorMessage);
    }

    [Fact]
    public async Task Invoke_CallerGoesAway_TheInvocationStillEndsAndIsRecorded()
    {
        await CreateAsync("patient", "import time\ndef handler(event, context):\n    time.sleep(1)\n    print('finished anyway')\n    return 'ok'\n", new FunctionSettings { TimeoutSeconds = 30 });
        using var caller = new CancellationTokenSource();
        var call = Invoker.InvokeAsync(new InvokeRequest { TenantId = Tenant, FunctionName = "patient", Payload = "{}"u8.ToArray() }, caller.Token);

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        InvocationRecord? record = null;
        await Poll.UntilAsync(
            async () => (record = (await Records.ListAsync(new InvocationQuery(Tenant) { FunctionName = "patient" }, CancellationToken.None)).SingleOrDefault()) is not null,
            "the record of the abandoned invocation");
        Assert.Equal(InvocationOutcome.Success, record!.Outcome);
        var lines = await Records.GetLogsAsync(new LogQuery(Tenant) { RequestId = record!.RequestId }, CancellationToken.None);
        Assert.Contains(lines, l => l.Text == "finished anyway");
    }

    [Fact]
    public async Task CodeLocation_OfAFunction_ServesTheUploadedZip()
    {
        var zip = PythonZip("def handler(event, context):\n    return 1\n");
        await Catalog.CreateAsync(Tenant, new FunctionDefinition { Name = "download", Runtime = "python3.11", Handler = "app.handler", ZipFile = zip }, CancellationToken.None);
        using var http = TestServers.ClientFor(_server);

        var served = await http.GetByteArrayAsync("/_kumo/v1/functions/download/code");
        var missing = await http.GetAsync("/_kumo/v1/functions/nobody/code");

        Assert.Equal(zip, served);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Invoke_UnknownFunction_IsNotFound()
    {
        var result = await InvokeAsync("nobody");

        Assert.Equal(InvokeStatus.NotFound, result.Status);
        Assert.Contains("function:nobody", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PackageWithoutTheHandlersFile_IsRefusedAndNothingIsStored()
    {
        var refused = await Assert.ThrowsAsync<FunctionRequestException>(() => Catalog.CreateAsync(Tenant, new FunctionDefinition
        {
            Name = "missing",
            Runtime = "python3.11",
            Handler = "main.handler",
            ZipFile = PythonZip("def handler(e, c): pass\n"),
        }, CancellationToken.None));

        Assert.Equal(FunctionErrorKind.InvalidParameter, refused.Kind);
        Assert.Contains("no 'main.py'", refused.Message, StringComparison.Ordinal);
        Assert.Null(await Catalog.GetAsync(Tenant, "missing", CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_data.Path, "packages"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Delete_AfterAWarmRun_RemovesTheFunctionItsPackageAndItsSandbox()
    {
        await CreateAsync("gone", "def handler(event, context):\n    return 1\n");
        await InvokeAsync("gone");

        await Catalog.DeleteAsync(Tenant, "gone", CancellationToken.None);

        Assert.Null(await Catalog.GetAsync(Tenant, "gone", CancellationToken.None));
        Assert.Equal(InvokeStatus.NotFound, (await InvokeAsync("gone")).Status);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_data.Path, "packages"), "*", SearchOption.AllDirectories));
        // What stays is the stem-cell pool's, ready for the next cold start of any function; the function's sandbox went.
        var pools = _server.Services.GetRequiredService<IPoolStatus>();
        await Poll.UntilAsync(() => pools.DescribePools().All(p => p.Starting == 0), "the stem-cell pool to settle");
        Assert.Equal(pools.DescribePools().Sum(p => p.Ready), Directory.EnumerateDirectories(Path.Combine(_data.Path, "sandbox", "bundles")).Count());
    }
}
