namespace Kumo.Gateway.Lambda.Errors;

/// <summary>The body of a Lambda API error.</summary>
/// <param name="Type"><c>User</c> or <c>Service</c>.</param>
/// <param name="Message">What went wrong and what to do.</param>
internal sealed record LambdaErrorBody(string Type, string Message);
