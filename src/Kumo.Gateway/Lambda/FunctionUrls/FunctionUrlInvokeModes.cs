namespace Kumo.Gateway.Lambda.FunctionUrls;

/// <summary>The values of a function URL's <c>InvokeMode</c>.</summary>
internal static class FunctionUrlInvokeModes
{
    /// <summary>The whole response at once, up to 6 MB: the only mode Kumo serves today.</summary>
    public const string Buffered = "BUFFERED";

    /// <summary>The response streamed as the function writes it.</summary>
    public const string ResponseStream = "RESPONSE_STREAM";
}
