using System.Diagnostics.CodeAnalysis;
using Kumo.Gateway.Lambda.Errors;

namespace Kumo.Gateway.Lambda.Requests;

/// <summary>A request body read as JSON: the value, or the error to answer with.</summary>
internal readonly record struct ParsedBody<T>(T? Value, LambdaError? Error)
    where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null && Value is not null;
}
