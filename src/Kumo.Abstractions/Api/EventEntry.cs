using System.Text.Json.Serialization;
using Kumo.Abstractions.Events;

namespace Kumo.Abstractions.Api;

/// <summary>An asynchronous event as the native API shows it: where it is, and how its attempts went.</summary>
public sealed record EventEntry
{
    /// <summary>The event's request id.</summary>
    public required string RequestId { get; init; }

    /// <summary>The function it is for.</summary>
    public required string FunctionName { get; init; }

    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c> or <c>expired</c>.</summary>
    [JsonConverter(typeof(CamelCaseEnumConverter<QueuedEventStatus>))]
    public QueuedEventStatus Status { get; init; }

    /// <summary>What queued it: <c>async</c> (an asynchronous invoke) or <c>s3</c> (a bucket notification).</summary>
    public string? Trigger { get; init; }

    /// <summary>How many times the function ran it.</summary>
    public int Attempts { get; init; }

    /// <summary>When it was accepted (or last sent back from the dead letters).</summary>
    public DateTimeOffset EnqueuedAt { get; init; }

    /// <summary>When it is due next, while queued.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When it reached its final status.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The last attempt's error, when one failed (or why it could not run).</summary>
    public string? LastError { get; init; }

    /// <summary>What the function returned, once the event succeeded: its JSON, or a string when it was not JSON.</summary>
    public System.Text.Json.JsonElement? Result { get; init; }
}
