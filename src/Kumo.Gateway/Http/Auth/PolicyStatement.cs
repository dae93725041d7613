namespace Kumo.Gateway.Http.Auth;

/// <summary>A statement of an authoriser's IAM policy, about <c>execute-api:Invoke</c>.</summary>
internal sealed record PolicyStatement(bool Allows, string[] Actions, string[] Resources)
{
    private const string InvokeAction = "execute-api:Invoke";

    public bool AppliesTo(string arn) =>
        Actions.Any(action => IamWildcard.Matches(action, InvokeAction, ignoreCase: true))
        && Resources.Any(resource => IamWildcard.Matches(resource, arn, ignoreCase: false));
}
