namespace Kumo.Gateway.Lambda.Functions;

/// <summary>Where a function's package can be downloaded (AWS's <c>FunctionCodeLocation</c>).</summary>
internal sealed record FunctionCodeLocation(string RepositoryType, string Location);
