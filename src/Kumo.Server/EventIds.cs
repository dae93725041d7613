namespace Kumo.Server;

/// <summary>Log event ids of the server host; 100–999 belong to this assembly.</summary>
internal static class EventIds
{
    public const int StartupStepStarted = 101;
    public const int PlatformReady = 102;
    public const int StartupFailed = 103;
    public const int Stopping = 104;
    public const int Stopped = 105;
}
