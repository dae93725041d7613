using Kumo.Abstractions.Invocations;

namespace Kumo.Invocation.Records;

/// <summary>A record and its log lines waiting in the <see cref="RecordQueue"/>, numbered in the order they were queued.</summary>
internal readonly record struct PendingRecord(InvocationRecord Record, IReadOnlyList<LogLine> Lines, long Sequence);
