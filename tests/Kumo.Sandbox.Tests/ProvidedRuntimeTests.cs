using System.Text;
using System.Text.Json;
using Kumo.Sandbox.Invocations;

namespace Kumo.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class ProvidedRuntimeTests(DriverFixture fixture)
{
    private const string PythonBootstrap = """
        #!/usr/bin/python3.11
        import json, os, sys, urllib.request
        api = os.environ["AWS_LAMBDA_RUNTIME_API"]
        base = f"http://{api}/2018-06-01/runtime"
        while True:
            with urllib.request.urlopen(f"{base}/invocation/next") as r:
                request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
                event = json.loads(r.read())
            print("handling", request_id, flush=True)
            body = json.dumps({"hello": event.get("name"), "function": os.environ["AWS_LAMBDA_FUNCTION_NAME"], "uid": os.getuid()}).encode()
            urllib.request.urlopen(urllib.request.Request(f"{base}/invocation/{request_id}/response", data=body, method="POST")).read()
        """;

    internal static string Describe(InvocationResult result) =>
        $"{result.Status}: {Encoding.UTF8.GetString(result.Payload.Span)}\n{result.Log}";

    private static InvocationRequest Event(string json) => new(Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes(json));

    [Fact]
    public async Task Invoke_PythonBootstrap_ReturnsItsResponseAndLogs()
    {
        using var code = DriverFixture.Code(("bootstrap", PythonBootstrap, true));
        var sandbox = await fixture.Driver.CreateAsync(DriverFixture.Spec(code, "provided.al2023", "unused"), CancellationToken.None);
        string id = sandbox.Id;
        try
        {
            var request = Event("""{"name":"kumo"}""");
            var result = await sandbox.InvokeAsync(request, CancellationToken.None);

            Assert.True(result.Status == InvocationStatus.Succeeded, Describe(result));
            using var body = JsonDocument.Parse(result.Payload);
            Assert.Equal("kumo", body.RootElement.GetProperty("hello").GetString());
            Assert.Equal("test-function", body.RootElement.GetProperty("function").GetString());
            Assert.InRange(body.RootElement.GetProperty("uid").GetInt32(), 2_000_000_000, 2_000_099_999);
            Assert.Contains($"handling {request.RequestId}", result.Log, StringComparison.Ordinal);
            Assert.NotNull(result.InitDuration);

            var warm = await sandbox.InvokeAsync(Event("""{"name":"again"}"""), CancellationToken.None);
            Assert.Equal(InvocationStatus.Succeeded, warm.Status);
            Assert.Null(warm.InitDuration);
            Assert.True(sandbox.IsReusable);
        }
        finally
        {
            await sandbox.DisposeAsync();
        }

        await fixture.AssertGoneAsync(id);
    }
}
