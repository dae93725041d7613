namespace Kumo.Abstractions.Functions;

/// <summary>The region and account id Kumo shows in ARNs, so that AWS tools accept them.</summary>
/// <param name="Region">The region, such as <c>us-east-1</c>.</param>
/// <param name="AccountId">The 12-digit account id.</param>
public sealed record PlatformRegion(string Region, string AccountId)
{
    /// <summary>The ARN of a function, as <c>arn:aws:lambda:{region}:{account}:function:{name}</c>.</summary>
    public string FunctionArn(string name) => $"arn:aws:lambda:{Region}:{AccountId}:function:{name}";
}
