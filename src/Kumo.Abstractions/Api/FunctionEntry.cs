using System.Text.Json.Serialization;
using Kumo.Abstractions.Functions;

namespace Kumo.Abstractions.Api;

/// <summary>One function in the answer of <c>GET /_kumo/v1/functions</c>.</summary>
public sealed record FunctionEntry
{
    /// <summary>The function's name.</summary>
    public required string Name { get; init; }

    /// <summary>The runtime identifier, such as <c>python3.12</c>.</summary>
    public required string Runtime { get; init; }

    /// <summary>The handler.</summary>
    public required string Handler { get; init; }

    /// <summary>Memory in MB.</summary>
    public int MemoryMb { get; init; }

    /// <summary>How long one invocation may run, in seconds.</summary>
    public int TimeoutSeconds { get; init; }

    /// <summary>Whether the function can be invoked: <c>pending</c>, <c>active</c> or <c>failed</c>.</summary>
    [JsonConverter(typeof(CamelCaseEnumConverter<FunctionState>))]
    public FunctionState State { get; init; }

    /// <summary>Why the function is in its state, when there is something to say.</summary>
    public string? StateReason { get; init; }

    /// <summary>When the function was last changed.</summary>
    public DateTimeOffset LastModified { get; init; }

    /// <summary>The code package's size in bytes.</summary>
    public long CodeSize { get; init; }

    /// <summary>The concurrency reserved for the function; absent when none is.</summary>
    public int? ReservedConcurrency { get; init; }
}
