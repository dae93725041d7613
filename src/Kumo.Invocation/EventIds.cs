namespace Kumo.Invocation;

/// <summary>Log event ids of functions at run time; 4000–4999 belong to this assembly.</summary>
internal static class EventIds
{
    public const int FunctionActivated = 4001;
    public const int FunctionActivationFailed = 4002;
    public const int SandboxRetired = 4003;
    public const int SandboxDisposeFailed = 4004;
    public const int RecordFailed = 4005;
    public const int RecordsExpired = 4006;
    public const int RetentionFailed = 4007;
    public const int PackageRemoveFailed = 4008;
    public const int InvocationFailed = 4009;
    public const int ReturnFailed = 4010;
    public const int ReaperFailed = 4011;
    public const int RetireFailed = 4012;
    public const int DrainCutShort = 4013;
    public const int EventLeaseFailed = 4014;
    public const int EventRunFailed = 4015;
    public const int EventsRecovered = 4016;
    public const int DestinationRefused = 4017;
    public const int IdempotencyKeyNotKept = 4018;
    public const int NotificationRelayFailed = 4019;
    public const int NotificationDropped = 4020;
    public const int NotificationRefused = 4021;
    public const int RecursiveLoopStopped = 4022;
}
