using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.S3;

/// <summary>The S3 API's log messages.</summary>
internal static partial class S3Log
{
    [LoggerMessage(EventId = S3EventIds.RequestFailed, Level = LogLevel.Error,
        Message = "S3 request {Method} {Resource} ({RequestId}) failed")]
    public static partial void RequestFailed(ILogger logger, string method, string resource, string requestId, Exception exception);

    [LoggerMessage(EventId = S3EventIds.ResponseCutShort, Level = LogLevel.Warning,
        Message = "S3 request {Method} {Resource} ({RequestId}) failed after its response began; the connection is closed")]
    public static partial void ResponseCutShort(ILogger logger, string method, string resource, string requestId, Exception exception);
}
