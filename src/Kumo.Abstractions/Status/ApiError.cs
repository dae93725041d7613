namespace Kumo.Abstractions.Status;

/// <summary>The body of an error answer of Kumo's native API.</summary>
/// <param name="Code">A stable, machine-readable code such as <c>NotFound</c>.</param>
/// <param name="Message">What went wrong and what to do, for people.</param>
public sealed record ApiError(string Code, string Message);
