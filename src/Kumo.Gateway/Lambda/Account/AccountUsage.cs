namespace Kumo.Gateway.Lambda.Account;

/// <summary>The tenant's use of the platform, as <c>GetAccountSettings</c> shows it.</summary>
internal sealed record AccountUsage(long TotalCodeSize, long FunctionCount);
