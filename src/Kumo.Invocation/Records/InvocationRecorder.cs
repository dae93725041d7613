using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Records;

/// <summary>Stores invocation records with their logs; a failure to record is logged, never thrown at the caller.</summary>
internal sealed partial class InvocationRecorder(IInvocationStore store, ILogger<InvocationRecorder> logger)
{
    public async Task RecordAsync(InvocationRecord record, IReadOnlyList<LogLine> lines)
    {
        try
        {
            await store.AddAsync(record, lines, CancellationToken.None);
        }
        catch (Exception e) when (e is StorageException or IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogRecordFailed(logger, e, record.RequestId, record.FunctionName);
        }
    }

    [LoggerMessage(EventId = EventIds.RecordFailed, Level = LogLevel.Error, Message = "Could not record invocation {RequestId} of {Function}")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string requestId, string function);
}
