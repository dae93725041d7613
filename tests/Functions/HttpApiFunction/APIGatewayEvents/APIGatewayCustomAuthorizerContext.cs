// The shape of Amazon.Lambda.APIGatewayEvents' class as AWS publishes it; a copy for tests, not AWS's code.
namespace Amazon.Lambda.APIGatewayEvents;

/// <summary>What an authoriser put in <c>requestContext.authorizer</c> of a payload 1.0 request.</summary>
public class APIGatewayCustomAuthorizerContext : Dictionary<string, object>
{
}
