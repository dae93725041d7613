using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Lambda;

/// <summary>The Lambda API's log messages.</summary>
internal static partial class LambdaLog
{
    [LoggerMessage(EventId = LambdaEventIds.RequestFailed, Level = LogLevel.Error,
        Message = "Lambda API request {Method} {Path} ({RequestId}) failed")]
    public static partial void RequestFailed(ILogger logger, string method, string path, string requestId, Exception exception);
}
