namespace Kumo.Gateway.Http;

/// <summary>Log event ids of serving function URLs and app routes; 400–499 of Kumo.Gateway.</summary>
internal static class HttpEventIds
{
    public const int BadFunctionResponse = 401;

    // 410–419: the JWT authoriser.
    public const int JwtAuthorizerMisconfigured = 410;
    public const int JwksUnavailable = 411;
    public const int JwksRefreshFailed = 412;

    // 420–429: the Lambda (function) authoriser.
    public const int LambdaAuthorizerFailed = 420;
    public const int LambdaAuthorizerBadAnswer = 421;

    // 430–439: streamed function URL answers.
    public const int BadStreamingPrelude = 430;
}
