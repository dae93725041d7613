using System.Collections;
using System.Net;
using Kumo.Init;

// kumo-init [--] RUNTIME [ARGS...]
// Environment: KUMO_RUNTIME_SOCKET, the worker's Runtime API socket inside the sandbox, relayed from
// 127.0.0.1:9001; KUMO_GATEWAY_SOCKET, when set, the socket of Kumo's own APIs (S3, Lambda, …), relayed from
// 127.0.0.1:9002; KUMO_AWAIT_ROUTE, for a sandbox with outbound network, the interface whose default route
// must exist before the runtime starts; KUMO_DRAIN_NONCE, the nonce of the markers kumo-init writes when the
// runtime answers (see AnswerMarkers). None of them is passed on to the runtime.
// Exit code: the runtime's exit code, or 128 + the signal that killed it; 125 when kumo-init itself fails.
const int InitFailed = 125;
// The connections each address may hold; the host refuses the same numbers beyond (SandboxSession's limits).
const int RuntimeApiConnections = 8;
const int GatewayConnections = 64;

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

var relay = new LoopbackRelay();
int runtimePid;
try
{
    relay.Add(new RelayRoute(new IPEndPoint(IPAddress.Loopback, 9001), socket, RuntimeApiConnections, Environment.GetEnvironmentVariable("KUMO_DRAIN_NONCE") ?? ""));
    if (Environment.GetEnvironmentVariable("KUMO_GATEWAY_SOCKET") is { Length: > 0 } gateway)
    {
        relay.Add(new RelayRoute(new IPEndPoint(IPAddress.Loopback, 9002), gateway, GatewayConnections, MarkerNonce: null));
    }

    relay.Start();
    var environment = Environment.GetEnvironmentVariables()
        .Cast<DictionaryEntry>()
        .Where(e => (string)e.Key is not ("KUMO_RUNTIME_SOCKET" or "KUMO_GATEWAY_SOCKET" or "KUMO_AWAIT_ROUTE" or "KUMO_DRAIN_NONCE"))
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
