namespace Kumo.Server.Tests.Functions;

/// <summary>One request that reached the server through the gateway socket, as the server saw it.</summary>
internal sealed record GatewayRequest(string Method, string Path, string Host, string? AmznTraceId, string? Authorization);
