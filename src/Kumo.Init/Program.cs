using System.Collections;
using System.Net;
using Kumo.Init;

// kumo-init [--] RUNTIME [ARGS...]
// Environment: KUMO_RUNTIME_SOCKET, the worker's Runtime API socket inside the sandbox; KUMO_AWAIT_ROUTE, for
// a sandbox with outbound network, the interface whose default route must exist before the runtime starts.
// KUMO_DRAIN_NONCE, the nonce of the markers kumo-init writes when the runtime answers (see AnswerMarkers).
// None of them is passed on to the runtime.
// Exit code: the runtime's exit code, or 128 + the signal that killed it; 125 when kumo-init itself fails.
const int InitFailed = 125;

var command = args.Length > 0 && args[0] == "--" ? args[1..] : args;
if (command.Length == 0)
{
    Console.Error.WriteLine("kumo-init: usage: kumo-init [--] RUNTIME [ARGS...]");
    return InitFailed;
}

var socket = Environment.GetEnvironmentVariable("KUMO_RUNTIME_SOCKET");
if (string.IsNullOrEmpty(socket))
{
    Console.Error.WriteLine("kumo-init: KUMO_RUNTIME_SOCKET is not set");
    return InitFailed;
}

if (Environment.GetEnvironmentVariable("KUMO_AWAIT_ROUTE") is { Length: > 0 } networkInterface
    && !NetworkWait.UntilRoute(networkInterface, TimeSpan.FromSeconds(10)))
{
    Console.Error.WriteLine($"kumo-init: the sandbox's network ({networkInterface}) did not come up within 10 s");
    return InitFailed;
}

var relay = new RuntimeApiRelay(new IPEndPoint(IPAddress.Loopback, 9001), socket, Environment.GetEnvironmentVariable("KUMO_DRAIN_NONCE") ?? "");
int runtimePid;
try
{
    relay.Start();
    var environment = Environment.GetEnvironmentVariables()
        .Cast<DictionaryEntry>()
        .Where(e => (string)e.Key is not ("KUMO_RUNTIME_SOCKET" or "KUMO_AWAIT_ROUTE" or "KUMO_DRAIN_NONCE"))
        .Select(e => $"{e.Key}={e.Value}");
    runtimePid = RuntimeProcess.Start(command, environment);
}
catch (Exception e)
{
    Console.Error.WriteLine($"kumo-init: {e.Message}");
    return InitFailed;
}

var status = RuntimeProcess.WaitForRuntime(runtimePid);
return Native.Exited(status) ? Native.ExitCode(status) : 128 + Native.TermSignal(status);
