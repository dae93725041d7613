namespace Kumo.Gateway.Tests.Http.Auth;

/// <summary>Clients that all send through one handler, which they leave open.</summary>
internal sealed class HandlerClientFactory(HttpMessageHandler handler) : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
}
