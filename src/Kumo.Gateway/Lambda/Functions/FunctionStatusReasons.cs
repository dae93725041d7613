using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Lambda.Functions;

/// <summary>
/// The reasons and reason codes Lambda shows beside <c>State</c> and <c>LastUpdateStatus</c>. Kumo fails to
/// prepare a function only when its package cannot be unpacked, hence <c>InvalidZipFileException</c>.
/// </summary>
internal static class FunctionStatusReasons
{
    private const string Preparing = "The function is being created.";
    private const string CouldNotPrepare = "The function's code package could not be prepared.";

    public static (string? Reason, string? Code) ForState(FunctionConfiguration function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function.State switch
        {
            FunctionState.Pending => (function.StateReason ?? Preparing, "Creating"),
            FunctionState.Failed => (function.StateReason ?? CouldNotPrepare, "InvalidZipFileException"),
            _ => (function.StateReason, null),
        };
    }

    public static (string? Reason, string? Code) ForLastUpdate(FunctionConfiguration function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function.LastUpdateStatus switch
        {
            LastUpdateStatus.InProgress => (function.LastUpdateStatusReason ?? Preparing, "Creating"),
            LastUpdateStatus.Failed => (function.LastUpdateStatusReason ?? CouldNotPrepare, "InvalidZipFileException"),
            _ => (function.LastUpdateStatusReason, null),
        };
    }
}
