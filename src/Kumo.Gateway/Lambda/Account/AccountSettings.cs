namespace Kumo.Gateway.Lambda.Account;

/// <summary>The answer of <c>GetAccountSettings</c>.</summary>
internal sealed record AccountSettings(AccountLimit AccountLimit, AccountUsage AccountUsage);
