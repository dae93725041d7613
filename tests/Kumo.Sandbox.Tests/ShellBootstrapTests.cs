using Kumo.Sandbox.Invocations;

namespace Kumo.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class ShellBootstrapTests(DriverFixture fixture)
{
    // A custom runtime in bash alone: HTTP over /dev/tcp, no curl, no interpreter beyond the shell.
    private const string Bootstrap = """
        #!/bin/bash
        host=${AWS_LAMBDA_RUNTIME_API%:*}; port=${AWS_LAMBDA_RUNTIME_API#*:}
        while true; do
          exec 3<>"/dev/tcp/$host/$port"
          printf 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3
          id=""; length=0
          while IFS= read -r line <&3; do
            line=${line%$'\r'}; [ -z "$line" ] && break
            case "${line,,}" in
              lambda-runtime-aws-request-id:*) id=${line#*: } ;;
              content-length:*) length=${line#*: } ;;
            esac
          done
          read -r -N "$length" event <&3; exec 3<&-
          [ "$event" = '{"sleep":true}' ] && sleep 600
          echo "bash got $event"
          body="{\"shell\":\"bash\",\"event\":$event}"
          exec 3<>"/dev/tcp/$host/$port"
          printf 'POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' "$id" "${#body}" "$body" >&3
          while IFS= read -r line <&3; do :; done; exec 3<&-
        done
        """;

    [Fact]
    public async Task ShellScriptBootstrap_Timeout_KillsTheSandboxAndItsChildren()
    {
        using var code = DriverFixture.Code(("bootstrap", Bootstrap, true));

        var result = await SandboxRun.InvokeOnceAsync(fixture, code, "provided", "unused", new { sleep = true }, timeoutSeconds: 1);

        Assert.Equal(InvocationStatus.TimedOut, result.Status);
    }

    [Fact]
    public async Task ShellScriptBootstrap_ServesInvocations()
    {
        using var code = DriverFixture.Code(("bootstrap", Bootstrap, true));

        var results = await SandboxRun.InvokeAsync(fixture, DriverFixture.Spec(code, "provided.al2023", "unused"), new { n = 1 }, new { n = 2 });

        Assert.All(results, r => Assert.True(r.Succeeded, SandboxRun.Describe(r)));
        Assert.Equal(2, SandboxRun.Json(results[1]).GetProperty("event").GetProperty("n").GetInt32());
        Assert.Contains("bash got {\"n\":1}", results[0].Log, StringComparison.Ordinal);
    }
}
