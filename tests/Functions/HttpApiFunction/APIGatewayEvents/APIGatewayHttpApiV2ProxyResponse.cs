// The shape of Amazon.Lambda.APIGatewayEvents' class as AWS publishes it; a copy for tests, not AWS's code.
using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace Amazon.Lambda.APIGatewayEvents;

/// <summary>The response of a function behind an API Gateway HTTP API or a function URL in payload format 2.0.</summary>
[DataContract]
public class APIGatewayHttpApiV2ProxyResponse
{
    [DataMember(Name = "statusCode")]
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; set; }

    /// <summary>The headers; values of a header sent more than once separated by commas.</summary>
    [DataMember(Name = "headers")]
    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers { get; set; }

    [DataMember(Name = "cookies")]
    [JsonPropertyName("cookies")]
    public string[]? Cookies { get; set; }

    [DataMember(Name = "body")]
    [JsonPropertyName("body")]
    public string? Body { get; set; }

    [DataMember(Name = "isBase64Encoded")]
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; set; }
}
