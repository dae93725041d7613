namespace Kumo.Core.KeepAlive;

/// <summary>Which rule decides how long a function's idle sandbox stays loaded.</summary>
public enum KeepAlivePolicyKind
{
    /// <summary>Keep every idle sandbox for one fixed idle time, then unload it (Kumo's behaviour so far).</summary>
    Fixed,

    /// <summary>
    /// Learn the function's idle times and unload soon after an invocation when the next one is far away, loading a
    /// sandbox again shortly before it is expected (the hybrid histogram policy of Shahrad et al., USENIX ATC 2020).
    /// </summary>
    Hybrid,
}
