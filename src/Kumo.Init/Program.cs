using System.Collections;
using System.Net;
using Kumo.Init;

// kumo-init [--] RUNTIME [ARGS...]
// kumo-init --await-specialization
// Environment: KUMO_RUNTIME_SOCKET, the worker's Runtime API socket inside the sandbox, relayed from
// 127.0.0.1:9001; KUMO_GATEWAY_SOCKET, when set, the socket of Kumo's own APIs (S3, Lambda, …), relayed from
// 127.0.0.1:9002; KUMO_AWAIT_ROUTE, for a sandbox with outbound network, the interface whose default route
// must exist before the runtime starts; KUMO_DRAIN_NONCE, the nonce of the markers kumo-init writes when the
// runtime answers (see AnswerMarkers). None of them is passed on to the runtime.
// --await-specialization: a generic stem cell. Once the relays are up, kumo-init waits for the hand-over on the
// Runtime API socket (see Specialization), then changes to /var/task (the function's code is mounted over it by
// then) and starts the command it names with the function's environment; from there on, as for any sandbox.
// Exit code: the runtime's exit code, or 128 + the signal that killed it; 125 when kumo-init itself fails.
const int InitFailed = 125;
const string AwaitSpecialization = "--await-specialization";
// The connections each address may hold; the host refuses the same numbers beyond (SandboxSession's limits).
const int RuntimeApiConnections = 8;
const int GatewayConnections = 64;
HashSet<string> initOnly = ["KUMO_RUNTIME_SOCKET", "KUMO_GATEWAY_SOCKET", "KUMO_AWAIT_ROUTE", "KUMO_DRAIN_NONCE"];

var awaitSpecialization = args is [AwaitSpecialization];
var command = awaitSpecialization ? [] : args.Length > 0 && args[0] == "--" ? args[1..] : args;
if (!awaitSpecialization && command.Length == 0)
{
    Console.Error.WriteLine($"kumo-init: usage: kumo-init [--] RUNTIME [ARGS...] | kumo-init {AwaitSpecialization}");
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
    var own = Environment.GetEnvironmentVariables()
        .Cast<DictionaryEntry>()
        .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? ""));
    IEnumerable<string> environment;
    if (awaitSpecialization)
    {
        var specialization = Specialization.Await(socket);
        // The cwd kumo-init started in is the empty folder under the code's mount: the runtime starts in the code.
        Directory.SetCurrentDirectory("/var/task");
        environment = specialization.Merge(own, initOnly);
        command = [.. specialization.Command];
    }
    else
    {
        environment = own.Where(e => !initOnly.Contains(e.Key)).Select(e => $"{e.Key}={e.Value}");
    }

    runtimePid = RuntimeProcess.Start(command, environment);
}
catch (Exception e)
{
    Console.Error.WriteLine($"kumo-init: {e.Message}");
    return InitFailed;
}

var status = RuntimeProcess.WaitForRuntime(runtimePid);
return Native.Exited(status) ? Native.ExitCode(status) : 128 + Native.TermSignal(status);
