namespace Kumo.Gateway.Lambda.FunctionUrls;

/// <summary>The values of a function URL's <c>InvokeMode</c>.</summary>
internal static class FunctionUrlInvokeModes
{
    /// <summary>The whole response at once, up to 6 MB.</summary>
    public const string Buffered = "BUFFERED";

    /// <summary>The response streamed as the function writes it, up to 20 MB.</summary>
    public const string ResponseStream = "RESPONSE_STREAM";
}
