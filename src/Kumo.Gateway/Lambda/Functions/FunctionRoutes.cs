namespace Kumo.Gateway.Lambda.Functions;

/// <summary>The paths of the function operations.</summary>
internal static class FunctionRoutes
{
    public const string Functions = "/2015-03-31/functions";
    public const string Function = "/2015-03-31/functions/{functionName}";
}
