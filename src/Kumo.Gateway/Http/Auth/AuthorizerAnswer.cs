using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kumo.Gateway.Http.Auth;

/// <summary>
/// What a Lambda authoriser's function answered: a simple yes or no (<c>{"isAuthorized": …, "context": …}</c>), or
/// an IAM policy to evaluate for each request's ARN (a deny wins).
/// </summary>
internal sealed record AuthorizerAnswer(bool? IsAuthorized, PolicyStatement[] Statements, string? PrincipalId, JsonObject Context)
{
    /// <summary>The outcome for a request whose ARN is <paramref name="arn"/>.</summary>
    public AuthorizationOutcome Decide(string arn)
    {
        if (IsAuthorized is { } isAuthorized)
        {
            return isAuthorized ? Allow() : AuthorizationOutcome.Forbidden("the authoriser denied the request");
        }

        var applying = Statements.Where(statement => statement.AppliesTo(arn)).ToList();
        if (applying.Any(statement => !statement.Allows))
        {
            return AuthorizationOutcome.Forbidden("the authoriser's policy denies the request");
        }

        return applying.Count > 0 ? Allow() : AuthorizationOutcome.Forbidden("the authoriser's policy does not allow the request");
    }

    /// <summary>The answer in the function's payload; null when it is not one.</summary>
    public static AuthorizerAnswer? Read(ReadOnlyMemory<byte> payload, bool simple)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(payload.Span);
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is not JsonObject answer || ReadContext(answer) is not { } context)
        {
            return null;
        }

        if (simple)
        {
            return answer["isAuthorized"]?.GetValueKind() switch
            {
                JsonValueKind.True => new AuthorizerAnswer(true, [], null, context),
                JsonValueKind.False => new AuthorizerAnswer(false, [], null, context),
                _ => null,
            };
        }

        var principalId = answer["principalId"];
        if ((principalId is not null && principalId.GetValueKind() != JsonValueKind.String)
            || answer["policyDocument"] is not JsonObject policy
            || ReadStatements(policy["Statement"]) is not { } statements)
        {
            return null;
        }

        return new AuthorizerAnswer(null, statements, principalId?.GetValue<string>(), context);
    }

    private static JsonObject? ReadContext(JsonObject answer) => answer["context"] switch
    {
        null => [],
        JsonObject context => context,
        _ => null,
    };

    private static PolicyStatement[]? ReadStatements(JsonNode? node)
    {
        JsonNode?[]? nodes = node switch
        {
            JsonArray array => [.. array],
            JsonObject single => [single],
            _ => null,
        };
        if (nodes is null)
        {
            return null;
        }

        var statements = new List<PolicyStatement>();
        foreach (var item in nodes)
        {
            if (item is not JsonObject statement
                || ReadText(statement["Effect"]) is not { } effect
                || !(effect.Equals("Allow", StringComparison.OrdinalIgnoreCase) || effect.Equals("Deny", StringComparison.OrdinalIgnoreCase))
                || ReadTexts(statement["Action"]) is not { } actions
                || ReadTexts(statement["Resource"]) is not { } resources)
            {
                return null;
            }

            statements.Add(new PolicyStatement(effect.Equals("Allow", StringComparison.OrdinalIgnoreCase), actions, resources));
        }

        return [.. statements];
    }

    private static string[]? ReadTexts(JsonNode? node) => node switch
    {
        JsonArray array when array.All(item => ReadText(item) is not null) => [.. array.Select(item => ReadText(item)!)],
        JsonValue => ReadText(node) is { } text ? [text] : null,
        _ => null,
    };

    private static string? ReadText(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>The outcome of an allow: the context (and the principal of a policy) under <c>lambda</c>, copied.</summary>
    private AuthorizationOutcome Allow()
    {
        var lambda = (JsonObject)Context.DeepClone();
        if (PrincipalId is not null)
        {
            lambda["principalId"] = PrincipalId;
        }

        return AuthorizationOutcome.Allow(new JsonObject { ["lambda"] = lambda });
    }
}
