// The shape of Amazon.Lambda.APIGatewayEvents' class as AWS publishes it; a copy for tests, not AWS's code.
namespace Amazon.Lambda.APIGatewayEvents;

/// <summary>A request from an API Gateway HTTP API or a function URL in payload format 2.0.</summary>
public class APIGatewayHttpApiV2ProxyRequest
{
    public string Version { get; set; } = null!;

    public string RouteKey { get; set; } = null!;

    public string RawPath { get; set; } = null!;

    public string RawQueryString { get; set; } = null!;

    public string[]? Cookies { get; set; }

    public IDictionary<string, string>? Headers { get; set; }

    public IDictionary<string, string>? QueryStringParameters { get; set; }

    public ProxyRequestContext RequestContext { get; set; } = null!;

    public string? Body { get; set; }

    public IDictionary<string, string>? PathParameters { get; set; }

    public bool IsBase64Encoded { get; set; }

    public IDictionary<string, string>? StageVariables { get; set; }

    public class ProxyRequestContext
    {
        public string AccountId { get; set; } = null!;

        public string ApiId { get; set; } = null!;

        public AuthorizerDescription? Authorizer { get; set; }

        public string DomainName { get; set; } = null!;

        public string DomainPrefix { get; set; } = null!;

        public HttpDescription Http { get; set; } = null!;

        public string RequestId { get; set; } = null!;

        public string? RouteId { get; set; }

        public string RouteKey { get; set; } = null!;

        public string Stage { get; set; } = null!;

        public string Time { get; set; } = null!;

        public long TimeEpoch { get; set; }
    }

    public class HttpDescription
    {
        public string Method { get; set; } = null!;

        public string Path { get; set; } = null!;

        public string Protocol { get; set; } = null!;

        public string SourceIp { get; set; } = null!;

        public string UserAgent { get; set; } = null!;
    }

    public class AuthorizerDescription
    {
        public JwtDescription? Jwt { get; set; }

        public IDictionary<string, object>? Lambda { get; set; }

        public class JwtDescription
        {
            public IDictionary<string, string>? Claims { get; set; }

            public string[]? Scopes { get; set; }
        }
    }
}
