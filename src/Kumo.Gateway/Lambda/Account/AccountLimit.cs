namespace Kumo.Gateway.Lambda.Account;

/// <summary>The platform's limits, as <c>GetAccountSettings</c> shows them.</summary>
internal sealed record AccountLimit(
    long TotalCodeSize,
    long CodeSizeUnzipped,
    long CodeSizeZipped,
    int ConcurrentExecutions,
    int UnreservedConcurrentExecutions);
