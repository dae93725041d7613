namespace Kumo.Abstractions.Functions;

/// <summary>Whether a function can be invoked, as Lambda's <c>State</c>.</summary>
public enum FunctionState
{
    /// <summary>The function's code is being prepared; invocations wait for it.</summary>
    Pending,

    /// <summary>The function can be invoked.</summary>
    Active,

    /// <summary>The function's code could not be prepared; <see cref="FunctionConfiguration.StateReason"/> says why.</summary>
    Failed,
}
