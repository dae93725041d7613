// The shape of Amazon.Lambda.APIGatewayEvents' class as AWS publishes it; a copy for tests, not AWS's code.
namespace Amazon.Lambda.APIGatewayEvents;

/// <summary>A request from an API Gateway REST API proxy integration, or an HTTP API in payload format 1.0.</summary>
public class APIGatewayProxyRequest
{
    public string Resource { get; set; } = null!;

    public string Path { get; set; } = null!;

    public string HttpMethod { get; set; } = null!;

    public IDictionary<string, string>? Headers { get; set; }

    public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    public IDictionary<string, string>? QueryStringParameters { get; set; }

    public IDictionary<string, IList<string>>? MultiValueQueryStringParameters { get; set; }

    public IDictionary<string, string>? PathParameters { get; set; }

    public IDictionary<string, string>? StageVariables { get; set; }

    public ProxyRequestContext RequestContext { get; set; } = null!;

    public string? Body { get; set; }

    public bool IsBase64Encoded { get; set; }

    public class ProxyRequestContext
    {
        public string? Path { get; set; }

        public string AccountId { get; set; } = null!;

        public string? ResourceId { get; set; }

        public string Stage { get; set; } = null!;

        public string RequestId { get; set; } = null!;

        public RequestIdentity Identity { get; set; } = null!;

        public string ResourcePath { get; set; } = null!;

        public string HttpMethod { get; set; } = null!;

        public string ApiId { get; set; } = null!;

        public string? ExtendedRequestId { get; set; }

        public string? DomainName { get; set; }

        public string? DomainPrefix { get; set; }

        public string? Protocol { get; set; }

        public string? RequestTime { get; set; }

        public long RequestTimeEpoch { get; set; }

        public APIGatewayCustomAuthorizerContext? Authorizer { get; set; }
    }

    public class RequestIdentity
    {
        public string? CognitoIdentityPoolId { get; set; }

        public string? AccountId { get; set; }

        public string? CognitoIdentityId { get; set; }

        public string? Caller { get; set; }

        public string? ApiKey { get; set; }

        public string? SourceIp { get; set; }

        public string? CognitoAuthenticationType { get; set; }

        public string? CognitoAuthenticationProvider { get; set; }

        public string? UserArn { get; set; }

        public string? UserAgent { get; set; }

        public string? User { get; set; }
    }
}
