namespace Kumo.Abstractions.Api;

/// <summary>The answer of <c>GET /_kumo/v1/functions</c>: one page of functions, in order of name.</summary>
/// <param name="Functions">The functions on this page.</param>
/// <param name="NextMarker">Pass as <c>marker</c> for the next page; absent on the last page.</param>
public sealed record FunctionList(IReadOnlyList<FunctionEntry> Functions, string? NextMarker);
