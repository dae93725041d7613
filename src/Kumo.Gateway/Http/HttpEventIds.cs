namespace Kumo.Gateway.Http;

/// <summary>Log event ids of serving function URLs and app routes; 400–499 of Kumo.Gateway.</summary>
internal static class HttpEventIds
{
    public const int BadFunctionResponse = 401;
}
