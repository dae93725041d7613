using System.Text;
using Kumo.Init;

namespace Kumo.Sandbox.Tests.Init;

/// <summary>kumo-init's side of a generic stem's hand-over: reading the host's answer, merging the environment.</summary>
public sealed class SpecializationTests
{
    private const string Body = """
        {"functionName":"f","functionVersion":"$LATEST","functionArn":"arn:aws:lambda:us-east-1:000000000000:function:f",
         "handler":"index.handler","memoryMb":512,"initializationType":"on-demand",
         "environment":{"_HANDLER":"index.handler","PATH":"/usr/bin:/bin","FOO":"bar=baz"},
         "command":["/usr/bin/node","/var/runtime/node/bootstrap.mjs"]}
        """;

    private static byte[] Response(string status, string body, bool chunked = false)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = chunked
            ? $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{bytes.Length:x}\r\n"
            : $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. bytes, .. chunked ? "\r\n0\r\n\r\n"u8.ToArray() : []];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parse_Answer_GivesTheEnvironmentAndTheCommand(bool chunked)
    {
        var specialization = Specialization.Parse(Response("200 OK", Body, chunked));

        Assert.Equal(["/usr/bin/node", "/var/runtime/node/bootstrap.mjs"], specialization.Command);
        Assert.Equal("index.handler", specialization.Environment["_HANDLER"]);
        Assert.Equal("bar=baz", specialization.Environment["FOO"]);
    }

    [Fact]
    public void Parse_Refusal_SaysWhatTheHostSaid()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Specialization.Parse(Response(
            "409 Conflict", """{"errorType":"Kumo.AlreadySpecialized","errorMessage":"answered once"}""", chunked: true)));

        Assert.Contains("409 Conflict", error.Message, StringComparison.Ordinal);
        Assert.Contains("answered once", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"environment":{},"command":[]}""")]
    [InlineData("""{"environment":{},"command":["node"]}""")]
    [InlineData("""{"command":["/bin/sh"]}""")]
    [InlineData("not json")]
    public void Parse_NotAHandOver_IsRefused(string body) =>
        Assert.Throws<InvalidOperationException>(() => Specialization.Parse(Response("200 OK", body)));

    [Fact]
    public void Parse_ConnectionClosedWithoutAnAnswer_IsRefused() =>
        Assert.Throws<InvalidOperationException>(() => Specialization.Parse([]));

    [Fact]
    public void Merge_TheHandOverWins_KumoInitsOwnVariablesStayBehind()
    {
        var specialization = Specialization.Parse(Response("200 OK", Body));

        var merged = specialization.Merge(
            [new("PATH", "/stem/path"), new("LANG", "C.UTF-8"), new("KUMO_DRAIN_NONCE", "secret"), new("KUMO_RUNTIME_SOCKET", "/run/kumo/runtime.sock")],
            new HashSet<string> { "KUMO_DRAIN_NONCE", "KUMO_RUNTIME_SOCKET" }).ToList();

        Assert.Contains("PATH=/usr/bin:/bin", merged);
        Assert.Contains("LANG=C.UTF-8", merged);
        Assert.Contains("FOO=bar=baz", merged);
        Assert.DoesNotContain(merged, e => e.StartsWith("KUMO_", StringComparison.Ordinal));
    }
}
