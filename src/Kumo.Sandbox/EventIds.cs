namespace Kumo.Sandbox;

/// <summary>Log event ids of the sandbox driver; 2000–2999 belong to this assembly.</summary>
internal static class EventIds
{
    public const int SandboxCreated = 2001;
    public const int LeftoverRemoved = 2002;
    public const int LeftoverCgroupKept = 2003;
    public const int DisposeFailed = 2004;
    public const int LeftoverMountKept = 2005;
    public const int StemCellCreated = 2006;
    public const int LeftoverBundleKept = 2007;
}
