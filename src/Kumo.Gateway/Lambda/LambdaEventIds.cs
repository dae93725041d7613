namespace Kumo.Gateway.Lambda;

/// <summary>
/// Log event ids of the Lambda API; 300–399 of Kumo.Gateway. They belong in the assembly's one <c>EventIds</c>
/// class once it has one.
/// </summary>
internal static class LambdaEventIds
{
    public const int RequestFailed = 301;
}
