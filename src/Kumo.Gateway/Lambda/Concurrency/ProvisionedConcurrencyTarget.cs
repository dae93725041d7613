using System.Diagnostics.CodeAnalysis;
using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Errors;

namespace Kumo.Gateway.Lambda.Concurrency;

/// <summary>What a provisioned concurrency request is about: the function and the qualifier, or the error to answer.</summary>
internal readonly record struct ProvisionedConcurrencyTarget(FunctionConfiguration? Function, string? Qualifier, LambdaError? Error)
{
    [MemberNotNullWhen(true, nameof(Function), nameof(Qualifier))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Found => Error is null && Function is not null && Qualifier is not null;

    public static ProvisionedConcurrencyTarget Of(FunctionConfiguration function, string qualifier) => new(function, qualifier, null);

    public static ProvisionedConcurrencyTarget Refused(LambdaError error) => new(null, null, error);
}
