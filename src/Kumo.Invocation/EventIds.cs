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
    public const int KeepAliveFailed = 4011;
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

    // The keep-alive's pre-warms (issue 8): 4080–4089.
    public const int PreWarmFailed = 4080;
    public const int PreWarmed = 4081;
    public const int PreWarmKept = 4082;

    // Stem-cell pools, warm starts and provisioned instances (issue 8): 4060–4079.
    public const int StemStartFailed = 4060;
    public const int StemDisposeFailed = 4061;
    public const int StemSpecializeFailed = 4062;
    public const int StemNotUsed = 4063;
    public const int PoolMaintenanceFailed = 4064;
    public const int WarmStartFailed = 4065;
    public const int ProvisionedReconcileFailed = 4066;
    public const int ProvisionedStarted = 4067;
    public const int ProvisionedRemoved = 4068;
    public const int ProvisionedSettingFailed = 4069;
    public const int ProvisionedOfferFailed = 4070;
    public const int StemKindBlocked = 4071;
    public const int RecordBatchFailed = 4072;
}
