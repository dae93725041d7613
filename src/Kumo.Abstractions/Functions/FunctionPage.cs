namespace Kumo.Abstractions.Functions;

/// <summary>One page of a function listing, in order of name.</summary>
/// <param name="Functions">The functions on this page.</param>
/// <param name="NextMarker">Where the next page starts, or null when this is the last.</param>
public sealed record FunctionPage(IReadOnlyList<FunctionConfiguration> Functions, string? NextMarker);
