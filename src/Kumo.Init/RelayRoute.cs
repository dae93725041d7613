using System.Net;

namespace Kumo.Init;

/// <summary>One loopback address inside the sandbox that kumo-init relays to a Unix socket of the host.</summary>
/// <param name="Listen">The address the function connects to, such as 127.0.0.1:9001.</param>
/// <param name="Target">The host's Unix socket, bind-mounted into the sandbox, that each connection is piped to.</param>
/// <param name="MaxConnections">
/// How many connections may be open at once; one more is accepted and closed at once, so the client sees the
/// refusal instead of waiting in the backlog. The host enforces the same number on its side.
/// </param>
/// <param name="MarkerNonce">
/// For the Runtime API only: the nonce of the markers written when the runtime answers (see
/// <see cref="AnswerMarkers"/>). Null for a plain byte pipe.
/// </param>
internal sealed record RelayRoute(IPEndPoint Listen, string Target, int MaxConnections, string? MarkerNonce);
