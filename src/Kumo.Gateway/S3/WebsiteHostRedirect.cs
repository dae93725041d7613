namespace Kumo.Gateway.S3;

/// <summary>A website's <c>RedirectAllRequestsTo</c>: every request goes to the same path on another host, with 301.</summary>
/// <param name="HostName">The host to send requests to (it may carry a port).</param>
/// <param name="Protocol"><c>http</c> or <c>https</c>; null for the request's own.</param>
internal sealed record WebsiteHostRedirect(string HostName, string? Protocol);
